// `npm start` builds first, but only when the sources changed since the last build,
// so a restart takes seconds instead of a full `next build`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const buildId = path.join(".next", "BUILD_ID");
const sources = [
  "app",
  "components",
  "lib",
  "db",
  "ml",
  "jobs",
  "deliberation",
  "core",
  "instrumentation.ts",
  "next.config.ts",
  "package-lock.json",
  "postcss.config.mjs",
];

function newestMtime(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p))
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
const changedAt = Math.max(...sources.map(newestMtime));
if (builtAt > changedAt && !process.argv.includes("--force")) {
  console.log("[concert] build is up to date");
  process.exit(0);
}
process.env.NEXT_TELEMETRY_DISABLED = "1"; // no calls to other hosts, ever
const next = path.resolve("node_modules", "next", "dist", "bin", "next");
const res = spawnSync(process.execPath, [next, "build"], { stdio: "inherit" });
process.exit(res.status ?? 1);
