// Runs the integration tests again against a real PostgreSQL server. When none answers it
// says so and skips (the PGlite run already covered the same tests), unless
// CONCERT_REQUIRE_PG=1: then a missing server fails the run, so a green CI on a machine
// that has PostgreSQL (.ci/run sets it there) means PostgreSQL was really covered.
import { spawnSync } from "node:child_process";
import pg from "pg";

const url = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const isRequired = process.env.CONCERT_REQUIRE_PG === "1";
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
try {
  await client.connect();
  await client.end();
} catch (err) {
  if (isRequired) {
    console.error(
      `PostgreSQL integration run FAILED: CONCERT_REQUIRE_PG=1 but no server answers at ${url} (${err.message})`,
    );
    process.exit(1);
  }
  console.log(`PostgreSQL integration run skipped: no server at ${url} (${err.message})`);
  process.exit(0);
}
console.log(`PostgreSQL integration run against ${url}`);
const res = spawnSync("npx", ["vitest", "run", "tests/integration"], {
  stdio: "inherit",
  env: { ...process.env, TEST_DATABASE_URL: url },
});
process.exit(res.status ?? 1);
