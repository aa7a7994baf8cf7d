/**
 * Pure algorithms for participatory design sessions: statement voting (tallies, opinion
 * groups, representative and consensus statements), dot voting, consent rounds and session
 * phases. No database, no framework: callers pass plain data and get plain data back. It
 * imports nothing of ours but core/ (seeded random, the Result shape); expected failures
 * are core/result values with engine codes, which lib/data turns into lib/errors results.
 */
export * from "./vote-matrix";
export * from "./tallies";
export * from "./opinion-groups";
export * from "./representative";
export * from "./dot-voting";
export * from "./consent";
export * from "./phases";
export * from "./statement-results";
export * from "./release";
