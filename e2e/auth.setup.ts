import { expect, test as setup } from "@playwright/test";
import { E2E_ROLES, e2eCredentials, storageStateFile } from "./credentials";

// Signs in through the real form once per role and keeps each session for the tests.
for (const role of E2E_ROLES) {
  setup(`sign in as ${role}`, async ({ page }) => {
    const { username, password } = e2eCredentials(role);
    await page.goto("/sign-in");
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("signed-in-as")).toContainText(`${username} (${role})`);
    await page.context().storageState({ path: storageStateFile(role) });
  });
}
