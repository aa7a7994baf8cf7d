/**
 * Generates ml/samples/gig-work.csv: a synthetic gig-work platform where applications are
 * accepted or rejected. Seeded, so re-running it reproduces the committed file byte for byte:
 *   npx tsx ml/samples/generate-gig-work.ts
 * The minority group ("b") is accepted less often at equal merit and lives mostly in two
 * cities (a proxy), so fairness campaigns have a gap to close; bios carry mild signal.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createRng, type Rng } from "../../core/random";

const CITIES = ["lyon", "lille", "nantes", "paris", "toulouse"];
const VEHICLES = ["bike", "car", "ebike", "scooter", "van"];
const GOOD = [
  "punctual",
  "friendly",
  "reliable",
  "careful",
  "experienced",
  "fast",
  "polite",
  "organised",
];
const PLAIN = [
  "student",
  "parent",
  "musician",
  "runner",
  "cook",
  "reader",
  "gardener",
  "traveller",
];
const WEAK = ["new", "learning", "flexible", "part-time", "weekend"];

function pick<T>(items: readonly T[], rng: Rng): T {
  const item = items[rng.int(items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

function csvCell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Build the sample's rows (header first) from a seed. */
export function generateGigWork(n = 2000, seed = 2026): string[][] {
  const rng = createRng(seed);
  const out: string[][] = [["city", "vehicle", "hours", "rating", "bio", "group", "label"]];
  for (let i = 0; i < n; i++) {
    const group = rng.next() < 0.2 ? "b" : "a";
    // Residential segregation: the minority lives mostly in two cities, so city is a proxy
    // for group even though the platform's model never sees the group column.
    const city =
      group === "b" && rng.next() < 0.7 ? pick(["lille", "nantes"], rng) : pick(CITIES, rng);
    const vehicle = pick(VEHICLES, rng);
    const hours = Math.max(2, Math.min(60, Math.round(25 + 10 * rng.normal())));
    const rating = Math.max(1, Math.min(5, Math.round((4 + 0.5 * rng.normal()) * 10) / 10));
    const merit = rng.normal();
    const words = [pick(PLAIN, rng)];
    if (merit > 0) words.push(pick(GOOD, rng));
    if (merit < -0.5) words.push(pick(WEAK, rng));
    words.push(pick(merit > 0.5 ? GOOD : PLAIN, rng));
    const bio = `${words.join(", ")} ${vehicle} rider in ${city}`;
    const score =
      1.2 * (rating - 4) +
      0.04 * (hours - 25) +
      0.8 * merit +
      (vehicle === "car" || vehicle === "van" ? 0.3 : 0) -
      (group === "b" ? 1.0 : 0) +
      0.3;
    const accepted = rng.next() < 1 / (1 + Math.exp(-2 * score));
    out.push([
      city,
      vehicle,
      String(hours),
      rating.toFixed(1),
      bio,
      group,
      accepted ? "accepted" : "rejected",
    ]);
  }
  return out;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows = generateGigWork();
  const file = fileURLToPath(new URL("./gig-work.csv", import.meta.url));
  writeFileSync(file, rows.map((r) => r.map(csvCell).join(",")).join("\n") + "\n");
  console.error(`wrote ${rows.length - 1} rows to ${file}`);
}
