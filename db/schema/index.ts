export * from "./enums";
export * from "./accounts";
export * from "./collectives";
export * from "./sessions";
export * from "./campaigns";
