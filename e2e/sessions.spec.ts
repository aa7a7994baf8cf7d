import {
  expect,
  request as playwrightRequest,
  test,
  type APIRequestContext,
} from "@playwright/test";
import { PASSWORD, expectSignedIn, signUp, uniqueHandle } from "./helpers";

/** A person driven through the API with a bearer token (fast set-up for the crowd). */
async function apiPerson(baseURL: string, handle: string): Promise<APIRequestContext> {
  const anon = await playwrightRequest.newContext({ baseURL });
  expect(
    (await anon.post("/api/v1/users", { data: { handle, password: PASSWORD } })).status(),
  ).toBe(201);
  const t = await anon.post("/api/v1/tokens", {
    data: { handle, password: PASSWORD, name: "e2e" },
  });
  const { token } = (await t.json()) as { token: string };
  await anon.dispose();
  return playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { authorization: `Bearer ${token}` },
  });
}

test("a facilitator runs a statement-voting session with five members and sees the opinion groups", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const base = baseURL ?? "http://localhost:3100";
  const organizer = await apiPerson(base, uniqueHandle("sorg"));
  const created = await organizer.post("/api/v1/collectives", {
    data: { name: "Warehouse Voices", platform: "ShelfCo" },
  });
  const { id: collectiveId } = (await created.json()) as { id: string };
  const facInvite = await organizer.post(`/api/v1/collectives/${collectiveId}/invites`, {
    data: { role: "facilitator" },
  });
  const memberInvite = await organizer.post(`/api/v1/collectives/${collectiveId}/invites`, {
    data: { role: "member", maxUses: 10 },
  });
  const { url: facilitatorUrl } = (await facInvite.json()) as { url: string };
  const { token: memberToken } = (await memberInvite.json()) as { token: string };

  // The facilitator joins through the link in a real browser and creates the session there.
  const page = await browser.newPage();
  await page.goto(facilitatorUrl);
  await page.getByRole("link", { name: "Create an account to join" }).click();
  const facilitator = uniqueHandle("fac");
  await signUp(page, facilitator);
  await expectSignedIn(page, facilitator);
  await expect(page.getByTestId("my-role")).toHaveText("facilitator");
  await page.getByRole("link", { name: "Sessions" }).click();
  await expect(page.getByText("No sessions yet.")).toBeVisible();
  await page.getByLabel("Title").fill("What should we ask ShelfCo for?");
  await page.getByLabel("Prompt").fill("Which changes matter most to you?");
  await page
    .getByLabel("Seed statements, one per line")
    .fill(
      [
        "Breaks should be longer",
        "Scanners track us too closely",
        "Night shifts need a bonus",
        "Safety training should be paid",
      ].join("\n"),
    );
  await page.getByRole("button", { name: "Create session" }).click();
  await expect(page.getByTestId("session-title")).toHaveText("What should we ask ShelfCo for?");
  await page.getByRole("button", { name: "Open session" }).click();
  await expect(page.getByTestId("session-phase")).toHaveText("Open");
  await expect(page.getByTestId("results-hidden")).toContainText("fewer than 5");

  await expect(page.getByTestId("results-release")).toContainText("after every 5 new participants");

  // Five members join and vote through the API, in two camps that split on every statement.
  // Live results are released once 5 people changed a ballot; leave the page while they vote,
  // so its polling cannot release a batch caught halfway through the fifth person's votes.
  const sessionUrl = page.url();
  const sessionId = sessionUrl.split("/").at(-1) ?? "";
  await page.goto("about:blank");
  const members: APIRequestContext[] = [];
  for (let i = 0; i < 5; i++) {
    const m = await apiPerson(base, uniqueHandle(`voter${i}`));
    expect((await m.post(`/api/v1/invites/${memberToken}/accept`)).status()).toBe(200);
    members.push(m);
  }
  const view = await (await members[0]!.get(`/api/v1/sessions/${sessionId}`)).json();
  const statements = (view as { items: { id: string; text: string }[] }).items;
  for (const [i, m] of members.entries()) {
    for (const { id: statementId, text } of statements) {
      const camp = i < 3 ? "agree" : "disagree";
      // Everyone agrees on paid training: the common ground the results should find.
      const vote = text.startsWith("Safety training") ? "agree" : camp;
      expect(
        (
          await m.post(`/api/v1/sessions/${sessionId}/votes`, { data: { statementId, vote } })
        ).status(),
      ).toBe(200);
    }
  }

  // Back on the page, the first release holds all five members' votes; the facilitator's own
  // vote shows at once (it joins the results with the next batch, or at close).
  await page.goto(sessionUrl);
  const first = page.getByTestId("statement").first();
  await first.getByRole("button", { name: "Agree", exact: true }).click();
  await expect(first.getByRole("button", { name: "Agree", exact: true })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect(page.getByTestId("opinion-map")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId("opinion-map")).toContainText("participants");
  await expect(page.getByTestId("consensus")).toContainText("Safety training should be paid");

  // Live refresh by the 3 s poll alone: with the page left as it is (no click, no reload),
  // the five members each change one ballot through the API, and the next release shows up.
  const release = page.getByTestId("results-release");
  await expect(release).toContainText("published at");
  const before = (await release.textContent()) ?? "";
  let navigations = 0;
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) navigations++;
  });
  const firstStatement = statements[0]!;
  for (const [i, m] of members.entries()) {
    const cast = firstStatement.text.startsWith("Safety training") || i < 3 ? "agree" : "disagree";
    const vote = cast === "agree" ? "disagree" : "agree";
    expect(
      (
        await m.post(`/api/v1/sessions/${sessionId}/votes`, {
          data: { statementId: firstStatement.id, vote },
        })
      ).status(),
    ).toBe(200);
  }
  await expect(release).not.toHaveText(before, { timeout: 10_000 });
  await expect(release).toContainText("published at");
  expect(navigations).toBe(0);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/screenshots/session-phone.png", fullPage: true });

  await page.getByRole("button", { name: "Close session" }).click();
  await expect(page.getByTestId("session-phase")).toHaveText("Closed");
  const audit = await organizer.get(`/api/v1/collectives/${collectiveId}/audit`);
  const actions = ((await audit.json()) as { events: { action: string }[] }).events.map(
    (e) => e.action,
  );
  expect(actions).toEqual(
    expect.arrayContaining(["session.created", "session.opened", "session.closed"]),
  );
  for (const ctx of [organizer, ...members]) await ctx.dispose();
});
