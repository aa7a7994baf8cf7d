import { expect, test, type Page } from "@playwright/test";
import { expectSignedIn, signUp, uniqueHandle } from "./helpers";

const PHONE = { width: 390, height: 844 };

/** The page scrolls sideways when its content is wider than the viewport. */
async function expectNoHorizontalOverflow(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState("load");
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, `${path} is ${scrollWidth}px wide in ${clientWidth}px`).toBeLessThanOrEqual(
    clientWidth,
  );
}

test("the front door says what Concert does, asks and promises, and fits a phone", async ({
  page,
}) => {
  await page.setViewportSize(PHONE);
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 2, name: "What Concert does" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "What it asks of you" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "What it promises" })).toBeVisible();
  const diagram = page.getByRole("list", { name: "How Concert works: decide, act, forecast" });
  await expect(diagram.getByRole("listitem")).toHaveCount(3);
  await expect(diagram).toContainText("Decide");
  await expect(diagram).toContainText("Act");
  await expect(diagram).toContainText("Forecast");
  const promises = page.getByRole("region", { name: "What it promises" });
  await expect(promises).toContainText("pseudonym", { ignoreCase: true });
  await expect(promises).toContainText("at least 5");
  await expect(promises).toContainText("crypto-shredding");
  await expect(promises.getByRole("heading", { name: "Organizers can see" })).toBeVisible();
  await expect(
    promises.getByRole("heading", { name: "Nobody can see, whatever their role" }),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: "Create an account" }).first()).toHaveAttribute(
    "href",
    "/sign-up",
  );
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/front-door-phone.png", fullPage: true });
  for (const path of ["/", "/sign-in", "/sign-up"]) await expectNoHorizontalOverflow(page, path);
});

test("an organizer's pages fit 390 px, empty states lead on, and an instruction marks its changes", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize(PHONE);
  await page.goto("/sign-up");
  const handle = uniqueHandle("long_handle_organ"); // long, as handles may be
  await signUp(page, handle);
  await expectSignedIn(page, handle);

  // The top bar keeps the handle and Sign out on one row, inside the screen.
  const who = await page.getByTestId("signed-in-as").boundingBox();
  const out = await page.getByRole("button", { name: "Sign out" }).boundingBox();
  expect(who && out).toBeTruthy();
  if (who && out) {
    expect(Math.abs(who.y + who.height / 2 - (out.y + out.height / 2))).toBeLessThan(4);
    expect(out.x + out.width).toBeLessThanOrEqual(PHONE.width);
  }

  // No collective yet: the two ways in.
  await expect(page.getByText("You are not in any collective yet")).toBeVisible();
  await expect(page.getByRole("link", { name: "Create a collective" })).toHaveAttribute(
    "href",
    "/collectives/new",
  );
  await expectNoHorizontalOverflow(page, "/");

  const created = await page.request.post("/api/v1/collectives", {
    data: { name: "A collective with a rather long name for a phone", platform: "MailCo" },
  });
  const { id } = (await created.json()) as { id: string };

  // Nothing in it yet: what to do first, in order.
  await page.goto(`/c/${id}`);
  const steps = page.getByTestId("first-steps");
  await expect(steps.getByRole("link", { name: "Invite people" })).toHaveAttribute(
    "href",
    `/c/${id}/invites`,
  );
  await expect(steps.getByRole("link", { name: "Run a session to decide a goal" })).toHaveAttribute(
    "href",
    `/c/${id}/sessions`,
  );
  await expect(steps.getByRole("link", { name: "Design a campaign" })).toHaveAttribute(
    "href",
    `/c/${id}/campaigns/new`,
  );
  await page.screenshot({ path: "test-results/screenshots/first-steps-phone.png", fullPage: true });

  const invite = await page.request.post(`/api/v1/collectives/${id}/invites`, {
    data: { maxUses: 5 },
  });
  const { url: inviteUrl } = (await invite.json()) as { url: string };
  const campaign = await page.request.post(`/api/v1/collectives/${id}/campaigns`, {
    data: {
      name: "Ham for all",
      sample: "spam-assassin",
      populationSize: 2000,
      learner: { kind: "linear", epochs: 2 },
      campaign: {
        goal: "plant",
        strategy: "feature-label",
        target: "ham",
        signal: { kind: "text", token: "zqxj", placement: "end" },
      },
      targetSuccess: 0.8,
    },
  });
  expect(campaign.status()).toBe(201);
  const { id: campaignId } = (await campaign.json()) as { id: string };
  expect((await page.request.post(`/api/v1/campaigns/${campaignId}/launch`)).ok()).toBe(true);

  // Once something exists, the first steps give way to what is happening.
  await page.goto(`/c/${id}`);
  await expect(page.getByRole("link", { name: "Ham for all" })).toBeVisible();
  await expect(page.getByTestId("first-steps")).toHaveCount(0);

  // The organizer's own record and instruction: the planted token is marked as inserted.
  await page.goto(`/c/${id}/campaigns/${campaignId}`);
  const text = "hello there, cheap watches and a great offer for everyone on the list";
  await page.getByRole("form", { name: "Your record" }).getByLabel("text").fill(text);
  await page.getByRole("form", { name: "Your record" }).getByLabel("label").fill("spam");
  await page.getByRole("button", { name: "Get my instruction" }).click();
  const after = page.getByTestId("after-text");
  await expect(after.locator("ins")).toHaveText("zqxj");
  await expect(after.locator("ins")).toHaveCount(1);
  await expect(page.getByTestId("before-text").locator("del")).toHaveCount(0);
  await expect(page.getByTestId("before-label").locator("del")).toHaveText("spam");
  await expect(page.getByTestId("after-label").locator("ins")).toHaveText("ham");
  // Screen readers hear "inserted:"; the text itself (what a member copies) stays clean.
  const announced = await after
    .locator("ins")
    .evaluate((el) => getComputedStyle(el, "::before").content);
  expect(announced).toContain("inserted:");
  expect(await after.innerText()).toBe(`${text} zqxj`);
  await expect(page.getByTestId("change-summary").first()).toContainText("“zqxj”");
  await page.screenshot({
    path: "test-results/screenshots/instruction-diff-phone.png",
    fullPage: true,
  });

  for (const path of [
    "/",
    `/c/${id}`,
    `/c/${id}/sessions`,
    `/c/${id}/campaigns`,
    `/c/${id}/campaigns/${campaignId}`,
    "/settings/account",
  ])
    await expectNoHorizontalOverflow(page, path);

  // Someone opening the invite while signed out can read the asks and promises there.
  const ctx = await browser.newContext({ viewport: PHONE });
  const stranger = await ctx.newPage();
  await stranger.goto(inviteUrl);
  await stranger.getByText("What Concert asks of you, and what it promises").click();
  await expect(stranger.getByText("Deletion is real.")).toBeVisible();
  await expect(stranger.getByRole("link", { name: "More about Concert" })).toHaveAttribute(
    "href",
    "/",
  );
  const { scrollWidth, clientWidth } = await stranger.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  await ctx.close();
});
