// Runs the integration tests again against a real PostgreSQL server when one answers;
// says so and skips when none does (the PGlite run already covered the same tests).
import { spawnSync } from "node:child_process";
import pg from "pg";

const url = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
try {
  await client.connect();
  await client.end();
} catch (err) {
  console.log(`PostgreSQL integration run skipped: no server at ${url} (${err.message})`);
  process.exit(0);
}
console.log(`PostgreSQL integration run against ${url}`);
const res = spawnSync("npx", ["vitest", "run", "tests/integration"], {
  stdio: "inherit",
  env: { ...process.env, TEST_DATABASE_URL: url },
});
process.exit(res.status ?? 1);
