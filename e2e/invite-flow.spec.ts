import { expect, test } from "@playwright/test";
import { expectSignedIn, signUp, uniqueHandle } from "./helpers";

test("organizer creates a collective and invites someone who joins through the link", async ({
  browser,
}) => {
  const organizerHandle = uniqueHandle("org");
  const memberHandle = uniqueHandle("mem");

  const organizer = await browser.newPage();
  await organizer.goto("/sign-up");
  await signUp(organizer, organizerHandle);
  await expectSignedIn(organizer, organizerHandle);
  await expect(organizer.getByText("You are not in any collective yet")).toBeVisible();

  await organizer.getByRole("link", { name: "New collective" }).click();
  await organizer.getByLabel("Name").fill("Night Couriers");
  await organizer.getByLabel("Platform").fill("DeliverIt");
  await organizer.getByRole("button", { name: "Create collective" }).click();
  await expect(organizer.getByTestId("collective-name")).toHaveText("Night Couriers");
  await expect(organizer.getByTestId("my-role")).toHaveText("organizer");

  await organizer.getByRole("link", { name: "Invites" }).click();
  await organizer.getByLabel("Uses allowed").fill("3");
  await organizer.getByRole("button", { name: "Create invite link" }).click();
  const inviteUrl = await organizer.getByTestId("invite-url").inputValue();
  expect(inviteUrl).toMatch(/\/join\/inv_/);
  await expect(organizer.getByTestId("invite-row")).toContainText("0/3 used");

  // A second person, signed out, in a separate browser context.
  const context = await browser.newContext();
  const member = await context.newPage();
  await member.goto(inviteUrl);
  await expect(member.getByRole("heading", { name: "Join Night Couriers" })).toBeVisible();
  await member.getByRole("link", { name: "Create an account to join" }).click();
  await signUp(member, memberHandle);
  await expect(member.getByTestId("collective-name")).toHaveText("Night Couriers");
  await expect(member.getByTestId("my-role")).toHaveText("member");
  await member.getByRole("link", { name: "Members" }).click();
  await expect(member.getByTestId("members-hidden")).toBeVisible();

  // The session cookie works for the API too.
  const me = await member.request.get("/api/v1/me");
  expect(await me.json()).toMatchObject({
    handle: memberHandle,
    collectives: [{ name: "Night Couriers", role: "member" }],
  });

  await organizer.getByRole("link", { name: "Members" }).click();
  await expect(organizer.getByTestId("member-row").filter({ hasText: memberHandle })).toBeVisible();
  await expect(organizer.getByRole("heading", { name: "Members (2)" })).toBeVisible();

  await organizer.setViewportSize({ width: 390, height: 844 });
  await organizer.screenshot({
    path: "test-results/screenshots/members-phone.png",
    fullPage: true,
  });
  await context.close();
});

test("a signed-out visitor is sent to sign in, and a stranger gets 404 for a collective", async ({
  browser,
}) => {
  const page = await browser.newPage();
  await page.goto("/settings/tokens");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsettings%2Ftokens/);

  await page.goto("/sign-up");
  const owner = uniqueHandle("owner");
  await signUp(page, owner);
  await expectSignedIn(page, owner);
  const created = await page.request.post("/api/v1/collectives", {
    data: { name: "Private Group" },
  });
  const { id } = (await created.json()) as { id: string };

  const strangerContext = await browser.newContext();
  const stranger = await strangerContext.newPage();
  await stranger.goto("/sign-up");
  await signUp(stranger, uniqueHandle("stranger"));
  await expect(stranger.getByTestId("signed-in-as")).toBeVisible();
  const res = await stranger.goto(`/c/${id}`);
  expect(res?.status()).toBe(404);
  await expect(stranger.getByRole("heading", { name: "Not found" })).toBeVisible();
  const api = await stranger.request.get(`/api/v1/collectives/${id}`);
  expect(api.status()).toBe(404);
  await strangerContext.close();
});

test("wrong passwords get one generic message", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Handle or email").fill("nobody_at_all");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("form-message")).toHaveText("Wrong handle or password");
});
