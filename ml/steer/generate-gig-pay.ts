/**
 * Writes ml/examples/gig-pay.csv from the seeded gig-pay sample, byte for byte reproducible:
 *   npx tsx ml/steer/generate-gig-pay.ts
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateGigPay, gigPayCsv } from "./sample";

const target = fileURLToPath(new URL("../examples/gig-pay.csv", import.meta.url));
writeFileSync(target, gigPayCsv(generateGigPay()));
process.stdout.write(`wrote ${target}\n`);
