import "server-only";
/**
 * The handle pages and actions pass into lib/data use-cases. app/ gets it here instead of
 * from db/ so it can never reach the query layer directly.
 */
export { getDb } from "@/db";
