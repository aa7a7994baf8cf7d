import { expect, type Page } from "@playwright/test";

export const PASSWORD = "correct horse battery";

/** A handle unique to this run, so reruns against the same server do not collide. */
export function uniqueHandle(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}

export async function signUp(page: Page, handle: string) {
  await page.getByLabel("Handle (a pseudonym)").fill(handle);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
}

export async function expectSignedIn(page: Page, handle: string) {
  await expect(page.getByTestId("signed-in-as")).toHaveText(handle);
}
