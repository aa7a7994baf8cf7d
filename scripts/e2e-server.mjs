// Builds and starts the app on a fresh embedded database for the browser tests.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const port = process.argv[2] ?? "3100";
const dataDir = path.resolve(".data", `e2e-${port}`);
fs.rmSync(dataDir, { recursive: true, force: true });
fs.rmSync(`${dataDir}/pglite.lock`, { force: true });

process.env.NEXT_TELEMETRY_DISABLED = "1"; // no calls to other hosts, ever
const nextBin = path.resolve("node_modules", "next", "dist", "bin", "next");
if (!process.env.E2E_SKIP_BUILD) {
  const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const env = {
  ...process.env,
  CONCERT_DATA_DIR: dataDir,
  PORT: port,
  NEXT_MANUAL_SIG_HANDLE: "true",
};
delete env.DATABASE_URL;
const server = spawn(process.execPath, [nextBin, "start", "-p", port], { stdio: "inherit", env });
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
