import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../open";
import { sessionItems } from "../schema";
import { preparedPer } from "./prepared";

type ItemStatus = (typeof sessionItems.$inferSelect)["status"];

export async function listItems(db: Db, p: { sessionId: string }) {
  return db
    .select()
    .from(sessionItems)
    .where(eq(sessionItems.sessionId, p.sessionId))
    .orderBy(asc(sessionItems.createdAt), asc(sessionItems.position), asc(sessionItems.id));
}

const itemsForView = preparedPer((db) =>
  db
    .select({
      id: sessionItems.id,
      text: sessionItems.text,
      status: sessionItems.status,
      authorId: sessionItems.authorId,
    })
    .from(sessionItems)
    .where(eq(sessionItems.sessionId, sql.placeholder("sessionId")))
    .orderBy(asc(sessionItems.createdAt), asc(sessionItems.position), asc(sessionItems.id))
    .prepare("items_for_view"),
);

/** A session's items in display order, with what a view needs of them (all statuses). */
export async function listItemsForView(db: Db, p: { sessionId: string }) {
  return itemsForView(db).execute(p);
}

export async function insertItem(
  db: Db,
  p: { sessionId: string; text: string; status: ItemStatus; authorId: string },
) {
  const [row] = await db.insert(sessionItems).values(p).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

export async function setItemStatus(
  db: Db,
  p: { sessionId: string; itemId: string; status: ItemStatus },
) {
  const rows = await db
    .update(sessionItems)
    .set({ status: p.status })
    .where(and(eq(sessionItems.id, p.itemId), eq(sessionItems.sessionId, p.sessionId)))
    .returning({ id: sessionItems.id });
  return rows.length > 0;
}
