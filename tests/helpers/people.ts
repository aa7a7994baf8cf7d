import * as users from "@/app/api/v1/users/route";
import * as tokens from "@/app/api/v1/tokens/route";
import * as collectives from "@/app/api/v1/collectives/route";
import * as invites from "@/app/api/v1/collectives/[id]/invites/route";
import * as accept from "@/app/api/v1/invites/[token]/accept/route";
import { call } from "./api";

export interface Person {
  token: string;
  userId: string;
  handle: string;
}

/** Signs someone up through the API and gives them a bearer token. */
export async function person(handle: string): Promise<Person> {
  const password = "correct horse battery";
  const u = await call(users.POST, "POST", "/x", { body: { handle, password } });
  const t = await call(tokens.POST, "POST", "/x", { body: { handle, password, name: "t" } });
  return {
    token: (t.json as { token: string }).token,
    userId: (u.json as { id: string }).id,
    handle,
  };
}

async function invite(organizer: Person, id: string, body: object): Promise<string> {
  const inv = await call(invites.POST, "POST", "/x", {
    token: organizer.token,
    params: { id },
    body,
  });
  return (inv.json as { token: string }).token;
}

/** A collective with an organizer, a facilitator and `memberCount` members, all joined by invite. */
export async function collectiveWith(prefix: string, memberCount: number) {
  const organizer = await person(`${prefix}_org`);
  const c = await call(collectives.POST, "POST", "/x", {
    token: organizer.token,
    body: { name: `${prefix} group` },
  });
  const id = (c.json as { id: string }).id;
  const memberInvite = await invite(organizer, id, { maxUses: 50 });
  const facilitator = await person(`${prefix}_fac`);
  await call(accept.POST, "POST", "/x", {
    token: facilitator.token,
    params: { token: await invite(organizer, id, { role: "facilitator" }) },
  });
  const members: Person[] = [];
  for (let i = 0; i < memberCount; i++) {
    const m = await person(`${prefix}_m${i}`);
    await call(accept.POST, "POST", "/x", { token: m.token, params: { token: memberInvite } });
    members.push(m);
  }
  return { id, organizer, facilitator, members };
}
