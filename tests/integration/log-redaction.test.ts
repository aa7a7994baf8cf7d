/**
 * Logs never carry member content or query parameters: a database failure during a member
 * action is logged by kind and place only, even when the failing query held their words.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { OpenDatabase } from "@/db";
import * as sessions from "@/app/api/v1/collectives/[id]/sessions/route";
import * as openRoute from "@/app/api/v1/sessions/[sessionId]/open/route";
import * as statements from "@/app/api/v1/sessions/[sessionId]/statements/route";
import { describeError, installLogRedaction } from "@/lib/logging";
import { freshDatabase } from "../helpers/db";
import { call } from "../helpers/api";
import { collectiveWith } from "../helpers/people";

let open: OpenDatabase;
beforeAll(async () => {
  open = await freshDatabase();
});
afterAll(async () => {
  await open.close();
});

const marker = "MARKER-my-manager-threatened-me";

describe("log redaction", () => {
  it("describes a query error without its parameters or PostgreSQL's quoted values", async () => {
    const failure = await open.db.execute(sql`select ${marker}::uuid`).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(Error);
    // The raw error does carry the value: that is what must not reach a log.
    expect(
      String((failure as Error).message) +
        String((failure as Error & { cause?: Error }).cause?.message),
    ).toContain(marker);
    const described = describeError(failure);
    expect(described).not.toContain(marker);
    expect(described).toMatch(/sqlstate 22P02/);
  });

  it("logs a failed member action without what the member wrote", async () => {
    const g = await collectiveWith("logs", 5);
    const created = await call(sessions.POST, "POST", "/x", {
      token: g.facilitator.token,
      params: { id: g.id },
      body: { title: "Grievances", format: "statements", prompt: "What happened?" },
    });
    const sessionId = (created.json as { id: string }).id;
    await call(openRoute.POST, "POST", "/x", { token: g.facilitator.token, params: { sessionId } });
    installLogRedaction();
    const logged: string[] = [];
    const spy = vi
      .spyOn(process.stderr, "write")
      .mockImplementation((chunk: string | Uint8Array) => {
        logged.push(String(chunk));
        return true;
      });
    const spyConsole = vi.spyOn(console, "error");
    // Break the table the statement goes into, so the insert (with the member's words) fails.
    await open.db.execute(sql`alter table session_items rename to session_items_gone`);
    try {
      const res = await call(statements.POST, "POST", "/x", {
        token: g.members[0]!.token,
        params: { sessionId },
        body: { text: `${marker} at the depot` },
      });
      expect(res.status).toBe(500);
      expect(JSON.stringify(res.json)).not.toContain(marker);
    } finally {
      await open.db.execute(sql`alter table session_items_gone rename to session_items`);
      spy.mockRestore();
    }
    const everything = [
      ...logged,
      ...spyConsole.mock.calls.map((args) =>
        args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(" "),
      ),
    ].join("\n");
    spyConsole.mockRestore();
    expect(everything).toContain("failed (request");
    expect(everything).not.toContain(marker);
    expect(everything).not.toMatch(/params:/);
  });
});
