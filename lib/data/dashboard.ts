import "server-only";
import type { Db } from "@/db";
import { listCollectivesOfUser } from "@/db/queries/collectives";
import type { Actor } from "./accounts";

/** The collectives the actor belongs to, with their role in each. */
export async function listMyCollectives(db: Db, actor: Actor) {
  return listCollectivesOfUser(db, { userId: actor.userId });
}
