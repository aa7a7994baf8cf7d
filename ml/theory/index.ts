export * from "./bounds";
