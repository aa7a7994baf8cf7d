import { expect, test } from "@playwright/test";
import { PASSWORD, expectSignedIn, signUp, uniqueHandle } from "./helpers";

async function signIn(page: import("@playwright/test").Page, handle: string) {
  await page.getByLabel("Handle or email").fill(handle);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("a hostile return-to link keeps the person on this site after sign-in", async ({
  browser,
}) => {
  const handle = uniqueHandle("redir");
  const setup = await browser.newPage();
  await setup.goto("/sign-up");
  await signUp(setup, handle);
  await expectSignedIn(setup, handle);
  await setup.context().close();

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/sign-in?callbackUrl=%2F%09%2Fevil.example");
  await signIn(page, handle);
  await expectSignedIn(page, handle);
  expect(new URL(page.url()).hostname).toBe("localhost");
  // The browser now knows this account: a signed, HttpOnly device cookie spares it the
  // delay a stranger guessing at the handle would cause.
  const device = (await context.cookies()).find((c) => c.name === "concert-device");
  expect(device?.httpOnly).toBe(true);
  await context.close();
});

test("signing out ends the session for a copied cookie too, and an account can be deleted from its settings", async ({
  browser,
}) => {
  const handle = uniqueHandle("life");
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/sign-up");
  await signUp(page, handle);
  await expectSignedIn(page, handle);

  // Someone copies the session cookie into another browser.
  const copied = await browser.newContext();
  await copied.addCookies(
    (await context.cookies()).filter((c) => c.name.includes("session-token")),
  );
  expect((await copied.request.get("/api/v1/me")).status()).toBe(200);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
  expect((await copied.request.get("/api/v1/me")).status()).toBe(401);
  await copied.close();

  // Delete the account from its settings page.
  await page.goto("/sign-in");
  await signIn(page, handle);
  await expectSignedIn(page, handle);
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Account", exact: true })).toBeVisible();
  await page.getByLabel("Your password").fill(PASSWORD);
  await page.getByLabel(/I understand/).check();
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/settings\/account\/deleted/);
  expect((await page.request.get("/api/v1/me")).status()).toBe(401);
  await page.goto("/sign-in");
  await signIn(page, handle);
  await expect(page.getByText("Wrong handle or password")).toBeVisible();
  await context.close();
});
