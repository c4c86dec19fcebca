import { expect, test } from "@playwright/test";
import ko from "../../lib/i18n/messages/ko";
import { E2E_BASE_URL } from "./env";
import { adminClient, CONSENTS, linkFromOutbox, newClient, PASSWORD, signIn, uniqueEmail, verifiedApplicant } from "./helpers";

// Issue 11, accounts: the emailed sign-in link (item 5), sign out everywhere revoking tokens (item 6),
// rate-limit refusals over HTTP (item 8). All traffic here is from 127.0.0.1.

test("a locked-out owner signs in with an emailed link from the sign-in page; the link works once", async ({ page }) => {
  const admin = await adminClient();
  const owner = await verifiedApplicant(admin);
  const attacker = await newClient();
  for (let i = 0; i < 10; i++) await signIn(attacker, owner.email, `guess-${i}-password`);
  expect((await (await signIn(await newClient(), owner.email, PASSWORD)).json()).url).toContain("error=RATE_LIMITED");

  await page.goto("/signin");
  await page.getByRole("link", { name: ko.auth.signInLinkTitle }).click();
  await expect(page.getByRole("heading", { name: ko.auth.signInLinkTitle })).toBeVisible();
  await page.getByLabel("이메일").fill(owner.email);
  await page.getByRole("button", { name: ko.auth.signInLinkSend }).click();
  await expect(page.getByTestId("sign-in-link-sent")).toHaveText(ko.auth.signInLinkSent);

  // The mail goes out after the answer: poll the outbox for it.
  let link = "";
  await expect
    .poll(async () => {
      link = await linkFromOutbox(admin, owner.email).catch(() => "");
      return link;
    })
    .toContain("/signin/link?token=");
  await page.goto(link);
  await expect(page.getByRole("heading", { name: ko.auth.signInLinkOpenTitle })).toBeVisible();
  await page.getByRole("button", { name: ko.common.signIn }).click();
  await expect(page.getByTestId("account-link")).toBeVisible();

  // Used once: a second browser gets the Korean "already used" message.
  const other = await page.context().browser()!.newContext({ baseURL: E2E_BASE_URL, locale: "ko-KR" });
  const again = await other.newPage();
  await again.goto(link);
  await again.getByRole("button", { name: ko.common.signIn }).click();
  await expect(again.getByTestId("form-error")).toHaveText(ko.errors.TOKEN_USED);
  await expect(again.getByTestId("link-next-steps").getByRole("link", { name: ko.auth.signInLinkRequestNew })).toBeVisible();
  await other.close();
  for (const c of [admin, owner.ctx, attacker]) await c.dispose();
});

test("sign out everywhere on the account page revokes the user's personal access tokens", async ({ page }) => {
  const admin = await adminClient();
  const user = await verifiedApplicant(admin);
  const created = await user.ctx.post("/api/v1/me/tokens", { data: { name: "배치", expiresInDays: 30 } });
  expect(created.status()).toBe(201);
  const { token } = await created.json();
  const bearer = await newClient();
  const me = () => bearer.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect((await me()).status()).toBe(200);

  await page.context().addCookies((await user.ctx.storageState()).cookies);
  await page.goto("/account");
  await page.getByRole("button", { name: ko.auth.signOutEverywhere }).click();
  // It asks first (the tokens cannot be brought back), with the focus on 취소.
  const dialog = page.getByRole("dialog", { name: ko.auth.signOutEverywhere });
  await expect(dialog.getByRole("button", { name: ko.common.cancel })).toBeFocused();
  expect((await me()).status()).toBe(200);
  await dialog.getByTestId("confirm-yes").click();
  await expect(page).toHaveURL(/\/signin\?signedOut=everywhere/);
  await expect(page.getByTestId("account-link")).toHaveCount(0);
  await expect.poll(async () => (await me()).status()).toBe(401);
  expect((await user.ctx.get("/api/v1/me")).status()).toBe(401);
  for (const c of [admin, user.ctx, bearer]) await c.dispose();
});

test("forgot password: the fourth request for one address answers 202 like the others and mails nothing; register's per-email limit answers 429 RATE_LIMITED in Korean", async () => {
  const admin = await adminClient();
  const user = await verifiedApplicant(admin);
  const anon = await newClient();
  const resets = async () => ((await (await admin.get(`/api/v1/admin/outbox?to=${encodeURIComponent(user.email)}`)).json()).mails as { kind: string }[]).filter((m) => m.kind === "RESET_PASSWORD").length;
  for (let i = 0; i < 3; i++) expect((await anon.post("/api/v1/password/forgot", { data: { email: user.email } })).status()).toBe(202);
  await expect.poll(resets).toBe(3);
  // Past the per-email limit: answered as sent (a 429 would let whoever spent the limit starve the owner).
  const res = await anon.post("/api/v1/password/forgot", { data: { email: user.email } });
  expect(res.status()).toBe(202);
  await new Promise((r) => setTimeout(r, 1000));
  expect(await resets()).toBe(3);
  // A per-target limit that still refuses: the 4th registration of one address.
  const email = `reg-${Date.now()}@example.com`;
  for (let i = 0; i < 3; i++) await anon.post("/api/v1/register", { data: { email, password: PASSWORD, name: "가입", locale: "ko", consents: CONSENTS } });
  const reg = await anon.post("/api/v1/register", { data: { email, password: PASSWORD, name: "가입", locale: "ko", consents: CONSENTS } });
  expect(reg.status()).toBe(429);
  expect(Number(reg.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await reg.json()).error).toEqual({ code: "RATE_LIMITED", message: ko.errors.RATE_LIMITED });
  // Hostile input is a 422, not a 500.
  expect((await anon.post("/api/v1/sign-in-link", { data: { email: "not an email" } })).status()).toBe(422);
  expect((await anon.post("/api/v1/sign-in-link", { data: { email: user.email } })).status()).toBe(202);
  for (const c of [admin, user.ctx, anon]) await c.dispose();
});

test("a password typed before the page has hydrated never lands in a URL: the password forms post natively", async ({ browser }) => {
  // JavaScript off stands for a click before hydration: the browser submits the form itself. Without
  // method="post" that was a GET carrying the password in the query string (and so in logs and history).
  const ctx = await browser.newContext({ baseURL: E2E_BASE_URL, locale: "ko-KR", javaScriptEnabled: false });
  const page = await ctx.newPage();
  const secret = "Do-not-log-me-2025!";
  for (const path of ["/signin", "/register", "/reset?token=abc"]) {
    await page.goto(path);
    for (const input of await page.locator('main input[type="password"]').all()) await input.fill(secret);
    const email = page.locator('main input[type="email"]');
    if (await email.count()) await email.fill("someone@example.com");
    const sent = page.waitForRequest((r) => r.isNavigationRequest() && r.frame() === page.mainFrame());
    await page.locator('main form button[type="submit"]').first().click();
    const req = await sent;
    expect(req.method(), path).toBe("POST");
    expect(req.url(), path).not.toContain(encodeURIComponent(secret));
    expect(req.url(), path).not.toContain("password");
    await page.waitForLoadState();
    expect(page.url(), path).not.toContain("password");
  }
  await ctx.close();
});

test("opening the verification link (a mail scanner's GET, twice) uses nothing up: the button verifies, once", async ({ page }) => {
  const admin = await adminClient();
  const email = uniqueEmail("scan");
  const anon = await newClient();
  expect((await anon.post("/api/v1/register", { data: { email, password: PASSWORD, name: "스캐너", consents: CONSENTS } })).status()).toBe(201);
  const link = await linkFromOutbox(admin, email);
  expect(link).toMatch(/^\/verify\?token=/);
  // The scanner's GETs: the page renders, nothing is consumed.
  for (let i = 0; i < 2; i++) expect((await anon.get(link)).status()).toBe(200);
  await page.goto(link);
  await expect(page.getByTestId("form-error")).toHaveCount(0);
  await expect(page.getByTestId("verified")).toHaveCount(0);
  await page.getByRole("button", { name: ko.auth.verifyButton }).click();
  await expect(page.getByTestId("verified")).toHaveText(ko.auth.verifyDone);
  await page.goto(link);
  await page.getByRole("button", { name: ko.auth.verifyButton }).click();
  await expect(page.getByTestId("form-error")).toHaveText(ko.errors.TOKEN_USED);
  // A spent link is no dead end: the button gives way to signing in.
  await expect(page.getByRole("button", { name: ko.auth.verifyButton })).toHaveCount(0);
  await expect(page.getByTestId("link-next-steps").getByRole("link", { name: ko.common.signIn })).toBeVisible();
  for (const c of [admin, anon]) await c.dispose();
});
