/** Campaigns: goals, signals, per-member instructions, verification and the signal audit. */
export * from "./schema";
export * from "./signal";
export * from "./counterfactual";
export * from "./context";
export * from "./instruct";
export * from "./audit";
