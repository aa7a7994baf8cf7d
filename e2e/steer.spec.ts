import { expect, test } from "@playwright/test";
import { expectSignedIn, signUp, uniqueHandle } from "./helpers";

// Steering a platform's regression (issue 13) in real browsers: the organizer sees the
// critical size before creating, a member receives a computed record and confirms it.

test("organizer designs a pay campaign with its critical size; a member gets and confirms computed numbers", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const page = await browser.newPage();
  await page.goto("/sign-up");
  const organizer = uniqueHandle("sorg");
  await signUp(page, organizer);
  await expectSignedIn(page, organizer);
  const created = await page.request.post("/api/v1/collectives", {
    data: { name: "Couriers for fair pay", platform: "DeliverCo" },
  });
  const { id: collectiveId } = (await created.json()) as { id: string };
  const invite = await page.request.post(`/api/v1/collectives/${collectiveId}/invites`, {
    data: { maxUses: 5 },
  });
  const { url: inviteUrl } = (await invite.json()) as { url: string };

  await page.goto(`/c/${collectiveId}/campaigns/new`);
  await page.getByRole("radio", { name: "A regression" }).check();
  const designer = page.getByTestId("steer-designer");
  await designer.getByLabel("Campaign name").fill("Pay our waiting time");
  await expect(designer.getByLabel("Numbers the platform's model is fitted on")).toHaveValue(
    "sample:gig-pay",
  );
  await designer.getByLabel("People on the platform").fill("10000");
  await expect(designer.getByLabel("The number", { exact: true })).toHaveValue("waiting_minutes");
  await designer.getByLabel("pay per unit of waiting_minutes").fill("0.4");
  // A blank bound never changes that field; the sample's defaults are filled in.
  await expect(designer.getByRole("spinbutton", { name: "hours, highest" })).toHaveValue("12");
  await designer.getByRole("button", { name: "Compute the critical size" }).click();
  const critical = designer.getByTestId("critical-size");
  await expect(critical).toContainText("Critical size:");
  await expect(critical).toContainText("of 10,000 people");
  await expect(designer.getByTestId("steer-preview")).toContainText("weight of waiting_minutes");
  await page.screenshot({ path: "test-results/screenshots/steer-designer.png", fullPage: true });
  await designer.getByRole("button", { name: "Create campaign (as a draft)" }).click();
  await expect(page.getByTestId("campaign-name")).toHaveText("Pay our waiting time");
  await expect(page.getByTestId("steer-critical")).toContainText("Critical size:");
  await page.getByRole("button", { name: "Launch" }).click();
  await expect(page.getByTestId("campaign-status")).toHaveText("Live");
  const campaignUrl = page.url();

  // A member joins and submits the shift they hold on the platform.
  const ctx = await browser.newContext();
  const member = await ctx.newPage();
  await member.goto(inviteUrl);
  await member.getByRole("link", { name: "Create an account to join" }).click();
  await signUp(member, uniqueHandle("courier"));
  await expect(member.getByTestId("collective-name")).toHaveText("Couriers for fair pay");
  await member.goto(campaignUrl);
  const record = member.getByRole("form", { name: "Your record" });
  const shift = { distance_km: "30.5", waiting_minutes: "48", hours: "4.5", pay: "46.69" };
  for (const [field, value] of Object.entries(shift))
    await record.getByLabel(field, { exact: true }).fill(value);
  await record.getByRole("button", { name: "Get my instruction" }).click();
  const instruction = member.getByTestId("instruction");
  await expect(instruction).toContainText("instead of");
  await expect(instruction).toContainText("target");
  const changed = await instruction.locator('[data-testid^="after-"]').all();
  expect(changed.length).toBeGreaterThan(0);
  const computed: Record<string, string> = {};
  for (const el of changed) {
    const field = ((await el.getAttribute("data-testid")) ?? "").replace("after-", "");
    computed[field] = (await el.innerText()).trim();
  }
  await member.setViewportSize({ width: 390, height: 844 });
  await member.screenshot({
    path: "test-results/screenshots/steer-instruction-phone.png",
    fullPage: true,
  });
  // Confirming with their own numbers fails; with the computed ones it counts.
  const confirm = member.getByRole("form", { name: "Confirm what you did" });
  await confirm.getByRole("button", { name: "Check and confirm" }).click();
  await expect(member.getByTestId("problems")).toBeVisible();
  for (const [field, value] of Object.entries(computed))
    await confirm.getByLabel(field, { exact: true }).fill(value);
  await confirm.getByRole("button", { name: "Check and confirm" }).click();
  await expect(member.getByTestId("confirmed-state")).toHaveText(
    "Confirmed: you are an active member.",
  );
  await ctx.close();

  // The forecast: the fitted weight against members, with the target and the critical size.
  await page.getByRole("button", { name: "Run forecast" }).click();
  await expect(page.getByTestId("forecast-chart")).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId("forecast-headline")).toContainText(
    "the weight of waiting_minutes",
  );
  await expect(page.getByTestId("steer-table")).toBeVisible();
  await expect(page.getByTestId("members-needed")).toContainText("Members still needed");
  await page.screenshot({ path: "test-results/screenshots/steer-forecast.png", fullPage: true });
});
