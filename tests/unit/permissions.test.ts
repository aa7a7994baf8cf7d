import { describe, expect, it } from "vitest";
import { can, permissionTable, roles } from "@/lib/permissions";

describe("role -> permission table", () => {
  it("gives every permission to organizers", () => {
    for (const permission of Object.keys(permissionTable) as (keyof typeof permissionTable)[]) {
      expect(can("organizer", permission)).toBe(true);
    }
  });

  it("keeps management to organizers", () => {
    for (const permission of [
      "invites:manage",
      "members:manage",
      "audit:view",
      "collective:update",
    ] as const) {
      expect(can("member", permission)).toBe(false);
      expect(can("facilitator", permission)).toBe(false);
    }
  });

  it("lets facilitators run sessions but not members", () => {
    expect(can("facilitator", "sessions:run")).toBe(true);
    expect(can("member", "sessions:run")).toBe(false);
    expect(can("member", "sessions:participate")).toBe(true);
  });

  it("lets every role view its collective", () => {
    for (const role of roles) expect(can(role, "collective:view")).toBe(true);
  });
});
