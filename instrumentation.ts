/**
 * Runs once when the server starts: opens the database (taking the PGlite folder's lock
 * and applying migrations) so problems show at start, not on the first request, and
 * closes it cleanly on SIGTERM/SIGINT (`npm start` sets NEXT_MANUAL_SIG_HANDLE so Next
 * leaves the signals to us).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // First: nothing logged from here on may carry member content or query parameters.
  const { installLogRedaction } = await import("./lib/logging");
  installLogRedaction();
  const { startServerResources } = await import("./lib/server-lifecycle");
  await startServerResources();
}
