import path from "node:path";
import { expect, test } from "@playwright/test";
import { expectSignedIn, signUp, uniqueHandle } from "./helpers";

const fixture = (name: string) => path.join(__dirname, "fixtures", name);

test("organizer designs a recommender campaign on the synthetic playlists and forecasts it; a member imports a playlist and confirms", async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const page = await browser.newPage();
  await page.goto("/sign-up");
  const organizer = uniqueHandle("rorg");
  await signUp(page, organizer);
  await expectSignedIn(page, organizer);
  const created = await page.request.post("/api/v1/collectives", {
    data: { name: "Fans United", platform: "StreamCo" },
  });
  const { id: collectiveId } = (await created.json()) as { id: string };
  const invite = await page.request.post(`/api/v1/collectives/${collectiveId}/invites`, {
    data: { maxUses: 5 },
  });
  const { url: inviteUrl } = (await invite.json()) as { url: string };

  // Design: the platform's kind first, then the sample, the item and the strategy.
  await page.goto(`/c/${collectiveId}/campaigns/new`);
  await page.getByRole("radio", { name: /A recommender/ }).check();
  await page.getByLabel("Campaign name").fill("Our Song everywhere");
  await page.getByLabel("Playlists in the sample").fill("2000");
  await page.getByLabel("Id on the platform").fill("spotify:track:0e2eConcertTarget00001");
  await page.getByLabel("Title", { exact: true }).fill("Our Song");
  await page.getByLabel("Artist", { exact: true }).fill("The Members");
  await page.getByLabel("Playlists on the platform").fill("20000");
  await page.getByRole("button", { name: "Compare strategies" }).click();
  await expect(page.getByTestId("strategy-advice")).toContainText("DirLoF", { timeout: 60_000 });
  await expect(page.getByTestId("strategy-preview").getByRole("table")).toContainText("InClust");
  await page.getByRole("button", { name: "Create campaign" }).click();
  await expect(page.getByTestId("campaign-name")).toHaveText("Our Song everywhere");
  await page.getByRole("button", { name: "Launch" }).click();
  await expect(page.getByTestId("campaign-status")).toHaveText("Live");
  const campaignId = page.url().split("/").at(-1) ?? "";

  // The forecast: progress, then the chart with the target and the stress test.
  await page.getByRole("button", { name: "Run forecast" }).click();
  await expect(page.getByTestId("forecast-chart")).toBeVisible({ timeout: 180_000 });
  await expect(page.getByTestId("forecast-headline")).toContainText("“Our Song” by The Members");
  await expect(page.getByTestId("forecast-chart")).toContainText("target 1%");
  await expect(page.getByTestId("forecast-stress")).toContainText("second collective");
  await expect(page.getByTestId("forecast-ndcg")).toContainText("NDCG@50");
  await page.screenshot({
    path: "test-results/screenshots/recommender-forecast.png",
    fullPage: true,
  });

  // A member joins, imports their Spotify export and picks the playlist they will edit.
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const member = await ctx.newPage();
  await member.goto(inviteUrl);
  await member.getByRole("link", { name: "Create an account to join" }).click();
  await signUp(member, uniqueHandle("rmem"));
  await expect(member.getByTestId("collective-name")).toHaveText("Fans United");
  await member.goto(`/c/${collectiveId}/campaigns/${campaignId}`);
  const mine = member.getByTestId("my-sequence");
  await mine.getByLabel(/Spotify data export/).setInputFiles(fixture("Playlist1.json"));
  await mine.getByRole("radio", { name: /Road trip \(3 tracks\)/ }).check();
  await mine.getByRole("button", { name: "Use this playlist" }).click();
  // No sample playlist holds these tracks, so all tie as least played: the first is the anchor.
  await expect(member.getByTestId("instruction")).toContainText(
    "In your playlist “Road trip”, add “Our Song” by The Members right after “Harbour Lights — The Tidewater Band” (position 2).",
  );

  // Confirming the unedited export fails; the edited one passes.
  await mine.getByLabel(/Spotify data export/).setInputFiles(fixture("Playlist1.json"));
  await mine.getByRole("button", { name: "Check and confirm" }).click();
  await expect(member.getByTestId("problems")).toContainText("is not in the edited sequence");
  await mine.getByLabel(/Spotify data export/).setInputFiles(fixture("Playlist1-edited.json"));
  await expect(mine.getByRole("radio", { name: /Road trip \(4 tracks\)/ })).toBeChecked();
  await mine.getByRole("button", { name: "Check and confirm" }).click();
  await expect(member.getByTestId("confirmed-state")).toHaveText(
    "Confirmed: you are an active member.",
  );
  await member.screenshot({
    path: "test-results/screenshots/recommender-member-phone.png",
    fullPage: true,
  });
  await ctx.close();
});
