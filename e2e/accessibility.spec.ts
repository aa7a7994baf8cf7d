import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { expectSignedIn, signUp, uniqueHandle } from "./helpers";

/** Serious and critical WCAG A/AA problems axe finds on the page (axe runs in the page, offline). */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id}: ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(", ")}`,
    );
}

test("the main pages have no serious accessibility violations", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/");
  expect(await seriousViolations(page)).toEqual([]);
  await page.goto("/sign-up");
  expect(await seriousViolations(page)).toEqual([]);
  const handle = uniqueHandle("a11y");
  await signUp(page, handle);
  await expectSignedIn(page, handle);
  const created = await page.request.post("/api/v1/collectives", {
    data: { name: "Access Group", platform: "Platform" },
  });
  const { id } = (await created.json()) as { id: string };
  const session = await page.request.post(`/api/v1/collectives/${id}/sessions`, {
    data: {
      title: "Ideas",
      format: "statements",
      prompt: "What matters?",
      seedStatements: ["One", "Two"],
    },
  });
  const { id: sessionId } = (await session.json()) as { id: string };
  const campaign = await page.request.post(`/api/v1/collectives/${id}/campaigns`, {
    data: {
      name: "Scooters",
      sample: "gig-work",
      populationSize: 5000,
      learner: { kind: "bayes" },
      campaign: {
        goal: "plant",
        target: "accepted",
        signal: { kind: "field", column: "vehicle", value: "scooter" },
      },
      targetSuccess: 0.8,
    },
  });
  const { id: campaignId } = (await campaign.json()) as { id: string };
  await page.request.post(`/api/v1/campaigns/${campaignId}/launch`);
  for (const path of [
    "/",
    `/c/${id}`,
    `/c/${id}/members`,
    `/c/${id}/invites`,
    `/c/${id}/sessions`,
    `/c/${id}/sessions/${sessionId}`,
    `/c/${id}/campaigns`,
    `/c/${id}/campaigns/new`,
    `/c/${id}/campaigns/${campaignId}`,
    `/c/${id}/audit`,
    "/settings/tokens",
    "/settings/account",
  ]) {
    await page.goto(path);
    expect(await seriousViolations(page), path).toEqual([]);
  }
  // The designers of the other platform kinds, behind the kind chooser.
  await page.goto(`/c/${id}/campaigns/new`);
  for (const kind of ["A recommender", "A regression"]) {
    await page.getByRole("radio", { name: kind }).check();
    await expect(page.getByRole("radio", { name: kind })).toBeChecked();
    expect(await seriousViolations(page), kind).toEqual([]);
  }
});

test("forms can be used with the keyboard alone", async ({ page }) => {
  await page.goto("/sign-in");
  await page.keyboard.press("Tab"); // skip link
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.getByLabel("Handle or email").focus();
  await page.keyboard.type("nobody_here_at_all");
  await page.keyboard.press("Tab");
  await page.keyboard.type("wrong password");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("form-message")).toHaveText("Wrong handle or password");
});

test("pages forbid third-party loads and referrers, and load nothing from other hosts", async ({
  page,
}) => {
  const foreign: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (!["localhost", "127.0.0.1"].includes(url.hostname) && url.protocol.startsWith("http"))
      foreign.push(r.url());
  });
  const res = await page.goto("/sign-up");
  const headers = res?.headers() ?? {};
  expect(headers["content-security-policy"]).toContain("default-src 'self'");
  expect(headers["referrer-policy"]).toBe("no-referrer");
  await page.goto("/");
  expect(foreign).toEqual([]);
});
