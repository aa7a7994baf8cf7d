import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db";
import { requireSessionActor } from "@/lib/auth/session";
import { getCollective, type CollectiveDto } from "./collectives";
import type { Actor } from "./accounts";

/**
 * For pages inside /c/[collectiveId]: the signed-in actor and the collective, or Next's
 * 404 page for non-members (the same page as for a collective that does not exist).
 * Cached per request so the layout and the page share one lookup.
 */
export const loadCollectivePage = cache(
  async (collectiveId: string): Promise<{ actor: Actor; collective: CollectiveDto }> => {
    const actor = await requireSessionActor(`/c/${collectiveId}`);
    const result = await getCollective(await getDb(), actor, collectiveId);
    if (!result.ok) notFound();
    return { actor, collective: result.value };
  },
);
