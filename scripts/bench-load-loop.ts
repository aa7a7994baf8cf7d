/**
 * bench:load's measuring loop: a route loaded by concurrent clients for a while, each answer's
 * latency and status tallied, and the server's CPU over the same window.
 */
import fs from "node:fs";

export interface RouteLoad {
  name: string;
  method: string;
  path: string;
  token?: string;
  body?: unknown;
  /** The statuses a correct answer has (default 200): anything else is counted, so a route
   * that fails fast (a 422, a 500) cannot pass for a fast one. */
  ok?: number[];
  /** Issue 10's goal for this route at 50 clients: p95 at most twice the bare route's. */
  ratioGoal?: boolean;
  /** Issue 10's "many members" goal: under 100 ms, one request at a time. */
  alone100ms?: boolean;
}

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

export interface Tally {
  route: string;
  latencies: number[];
  failures: number;
  /** Answers with a status the route should not give (see RouteLoad.ok). */
  unexpected: number;
  seconds: number;
  /** CPU seconds the server process spent while this route was loaded. */
  serverCpu: number;
}

/** CPU seconds (user + system) a process has used so far; NaN where /proc is missing. */
export function cpuSecondsOf(pid: number | undefined): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start at ") ".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in USER_HZ (100)
  } catch {
    return NaN;
  }
}

/** Loads one route for `seconds` with every client in a loop, adding to its tally. */
export async function load(
  base: string,
  route: RouteLoad,
  tally: Tally,
  seconds: number,
  pid: number | undefined,
  clients: number,
) {
  const until = performance.now() + seconds * 1000;
  const headers: Record<string, string> = { accept: "application/json" };
  if (route.token) headers.authorization = `Bearer ${route.token}`;
  if (route.body !== undefined) headers["content-type"] = "application/json";
  const body = route.body === undefined ? undefined : JSON.stringify(route.body);
  const cpuBefore = cpuSecondsOf(pid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        const res = await fetch(base + route.path, {
          method: route.method,
          headers,
          ...(body ? { body } : {}),
        });
        await res.arrayBuffer();
        tally.latencies.push(performance.now() - t);
        if (res.status >= 500) tally.failures++;
        if (!(route.ok ?? [200]).includes(res.status)) tally.unexpected++;
      }
    }),
  );
  tally.seconds += (performance.now() - started) / 1000;
  tally.serverCpu += cpuSecondsOf(pid) - cpuBefore;
}

export function summarise(t: Tally) {
  const sorted = [...t.latencies].sort((a, b) => a - b);
  return {
    route: t.route,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    rps: sorted.length / t.seconds,
    cpuPerRequest: (1000 * t.serverCpu) / sorted.length,
    failures: t.failures,
    unexpected: t.unexpected,
  };
}
