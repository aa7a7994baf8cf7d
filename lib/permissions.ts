/**
 * One role -> permission table drives every check, on pages, actions and the API.
 * Roles mirror the `role` pgEnum in db/schema/enums.ts.
 */
export const roles = ["member", "facilitator", "organizer"] as const;
export type Role = (typeof roles)[number];

const everyone: readonly Role[] = roles;
const organizers: readonly Role[] = ["organizer"];
const facilitators: readonly Role[] = ["facilitator", "organizer"];

export const permissionTable = {
  "collective:view": everyone,
  "collective:update": organizers,
  "members:count": everyone,
  /** Handles of other members, and only once the collective is large enough (see members.ts). */
  "members:list": everyone,
  /** Full roster with roles regardless of size: needed to manage people. */
  "members:manage": organizers,
  "invites:manage": organizers,
  "audit:view": organizers,
  "sessions:run": facilitators,
  "sessions:participate": everyone,
  "campaigns:manage": organizers,
  "campaigns:participate": everyone,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissionTable;

export function can(role: Role, permission: Permission): boolean {
  const allowed: readonly Role[] = permissionTable[permission];
  return allowed.includes(role);
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (roles as readonly string[]).includes(value);
}

/**
 * Draft visibility, the one rule: drafts are the organizers' work and do not exist for
 * anyone else (404 everywhere: the campaign, its stats, forecasts and records).
 */
export function canSeeCampaign(
  role: Role,
  status: "draft" | "launched" | "paused" | "ended",
): boolean {
  return status !== "draft" || can(role, "campaigns:manage");
}
