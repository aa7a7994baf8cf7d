/**
 * The built-in numeric sample for steering (`"data": {"sample": "gig-pay"}`): delivery shifts
 * with the pay a platform's model would estimate from distance, waiting time and hours. The
 * platform pays waiting poorly (0.04 per minute against 0.9 per km), which is what a pay
 * campaign would want to change. Seeded: the same call gives the same rows; the committed
 * ml/examples/gig-pay.csv comes from `npx tsx ml/steer/generate-gig-pay.ts`.
 */
import { createRng } from "../../core/random";
import type { Table } from "../types";

export const GIG_PAY_COLUMNS = ["distance_km", "waiting_minutes", "hours", "pay"];

/** `rows` shifts: pay = 4 hours + 0.9 km + 0.04 waiting minute + noise, rounded like a payslip. */
export function generateGigPay(rows = 2000, seed = 13): Table {
  const rng = createRng(seed);
  const out = [];
  for (let i = 0; i < rows; i++) {
    const hours = 1 + Math.floor(rng.next() * 19) / 2;
    const distance = Math.max(0, hours * 11 * (0.6 + 0.8 * rng.next()) + 3 * rng.normal());
    const waiting = Math.min(240, Math.max(0, hours * 60 * (0.05 + 0.3 * rng.next())));
    const pay = Math.max(0, 4 * hours + 0.9 * distance + 0.04 * waiting + 6 * rng.normal());
    out.push({
      distance_km: distance.toFixed(1),
      waiting_minutes: String(Math.round(waiting)),
      hours: String(hours),
      pay: pay.toFixed(2),
    });
  }
  return { columns: [...GIG_PAY_COLUMNS], rows: out };
}

/** The table as CSV text (no field needs quoting: all are numbers). */
export function gigPayCsv(table: Table): string {
  const lines = [table.columns.join(",")];
  for (const row of table.rows) lines.push(table.columns.map((c) => row[c] ?? "").join(","));
  return `${lines.join("\n")}\n`;
}
