// Issue 12 item 1 (and the landing part of item 10): a colleague invited by e-mail who has no account
// yet keeps the invitation through sign-in → 회원가입 → the verification mail → verify → sign-in →
// accept, walked in Chromium as a person would; hostile callbackUrls never reach a mail or a redirect.
import crypto from "node:crypto";
import fs from "node:fs";
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { E2E_ADMIN, E2E_BASE_URL } from "./env";
import { adminClient, completeRegisterForm, CONSENTS, linkFromOutbox, newClient, PASSWORD, uniqueEmail, verifiedApplicant } from "./helpers";
import { createCall, REVIEWER_PASSWORD, reviewerClient } from "./fixtures";
import { org } from "../support/builders";

const SCREENS = "test-results/screens";
const HOSTILE = ["//evil.example", "https://evil.example", "/\\evil"];
const ACCEPT_CALLBACK = /\/signin\?callbackUrl=%2Finvitations%2Faccept%3Ftoken%3D[A-Za-z0-9_-]+$/;

async function screenshot(page: Page, name: string) {
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });
}

/** The page is no wider than the window (nothing overflows sideways). */
async function expectNoSidewaysScroll(page: Page) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll).toBeLessThanOrEqual(width);
}

/** An owner's consortium with a participant organisation, and an invitation to `email` sent through the API. */
async function consortiumInviting(admin: APIRequestContext, email: string) {
  const owner = await verifiedApplicant(admin);
  const { slug } = await createCall(admin);
  const name = `초대 온보딩 컨소시엄 ${crypto.randomBytes(2).toString("hex")}`;
  const c = await owner.ctx.post("/api/v1/consortia", { data: { callSlug: slug, name, lead: org("온보딩 주관 주식회사", "LARGE_ENTERPRISE") } });
  expect(c.status()).toBe(201);
  const consortiumId = (await c.json()).id as string;
  const part = await owner.ctx.post(`/api/v1/consortia/${consortiumId}/organizations`, { data: { organization: org("온보딩 대학교 산학협력단", "UNIVERSITY"), budgetShareKrw: 5_000_000_000 } });
  expect(part.status()).toBe(201);
  const organizationId = (await part.json()).organizationId as string;
  const invite = async (to: string) => {
    const r = await owner.ctx.post(`/api/v1/consortia/${consortiumId}/invitations`, { data: { email: to, organizationId, role: "EDITOR" } });
    expect(r.status()).toBe(201);
    return (await r.json()).id as string;
  };
  const invitationId = await invite(email);
  const link = await linkFromOutbox(admin, email);
  expect(link).toMatch(/^\/invitations\/accept\?token=[A-Za-z0-9_-]+$/);
  return { owner, consortiumId, name, organizationId, invitationId, link, invite };
}

/** Fails on any request the page makes to a host other than the portal's. */
function watchForeignRequests(page: Page) {
  const foreign: string[] = [];
  page.on("request", (r) => {
    if (/^https?:/.test(r.url()) && new URL(r.url()).origin !== E2E_BASE_URL) foreign.push(r.url());
  });
  return foreign;
}

for (const device of [
  { name: "desktop", viewport: { width: 1280, height: 800 }, isMobile: false },
  { name: "phone 390", viewport: { width: 390, height: 844 }, isMobile: true },
]) {
  test(`an invited colleague without an account (${device.name}): sign-in names the consortium, 회원가입, verify, sign in, accept, member`, async ({ browser }) => {
    test.setTimeout(120_000);
    const admin = await adminClient();
    const email = uniqueEmail("invitee");
    const scene = await consortiumInviting(admin, email);
    const context = await browser.newContext({ locale: "ko-KR", viewport: device.viewport, isMobile: device.isMobile, hasTouch: device.isMobile });
    const page = await context.newPage();
    const foreign = watchForeignRequests(page);
    const tag = device.isMobile ? "-390" : "";

    // The mail's link, signed out: the sign-in page says who invited them to what.
    await page.goto(scene.link);
    await expect(page).toHaveURL(ACCEPT_CALLBACK);
    const notice = page.getByTestId("invitation-notice");
    await expect(notice.getByRole("heading", { name: "컨소시엄 초대" })).toBeVisible();
    await expect(page.getByTestId("invitation-notice-text")).toHaveText(`API 신청자 님이 「${scene.name}」 컨소시엄에 온보딩 대학교 산학협력단 소속 작성자로 초대했습니다.`);
    await expect(notice).toContainText(`초대받은 이메일(${email})의 계정으로 로그인하면`);
    await expect(notice).toContainText(/초대 링크 유효기간: \d{4}년 \d+월 \d+일 \(.\) \d{2}:\d{2} KST까지/);
    await expect(page.getByLabel("이메일")).toHaveValue(email);
    // The header's 회원가입 keeps the invitation as well as the page's own link.
    await expect(page.getByTestId("nav-register")).toHaveAttribute("href", /^\/register\?callbackUrl=%2Finvitations%2Faccept%3Ftoken%3D[A-Za-z0-9_-]+$/);
    await expectNoSidewaysScroll(page);
    await screenshot(page, `invitation-signin${tag}`);

    // 회원가입 keeps the invitation: same notice, the invited address already filled in.
    await page.getByTestId("register-link").click();
    await expect(page).toHaveURL(/\/register\?callbackUrl=%2Finvitations%2Faccept%3Ftoken%3D[A-Za-z0-9_-]+$/);
    await expect(page.getByRole("heading", { level: 1, name: "회원가입" })).toBeVisible();
    await expect(page.getByTestId("invitation-notice")).toContainText(scene.name);
    await expect(page.getByTestId("invitation-notice")).toContainText(`초대받은 이메일(${email})로 가입하세요.`);
    const emailField = page.getByLabel("이메일");
    await expect(emailField).toHaveValue(email);
    await expectNoSidewaysScroll(page);
    await screenshot(page, `invitation-register${tag}`);
    await page.getByLabel("이름").fill("이초대");
    await page.getByLabel("비밀번호", { exact: true }).fill(PASSWORD);
    await completeRegisterForm(page, PASSWORD);
    await page.getByRole("button", { name: "회원가입" }).click();
    await expect(page.getByTestId("registered")).toContainText(email);
    await expect(page.getByTestId("registered")).toContainText("인증한 뒤 로그인하면 컨소시엄 초대 수락 화면으로 이어집니다.");

    // The verification mail's link is the plain one; where it leads is kept on the server.
    const verifyLink = await linkFromOutbox(admin, email);
    expect(verifyLink).toMatch(/^\/verify\?token=[A-Za-z0-9_-]+$/);
    await page.goto(verifyLink);
    await page.getByRole("button", { name: "이메일 인증하기" }).click();
    await expect(page.getByTestId("verified")).toHaveText("이메일 주소가 인증되었습니다. 로그인하면 컨소시엄 초대 수락 화면으로 이어집니다.");
    await page.getByTestId("verified-sign-in").click();

    // Sign-in again names the invitation, and leads to the accept page.
    await expect(page).toHaveURL(ACCEPT_CALLBACK);
    await expect(page.getByTestId("invitation-notice")).toContainText(scene.name);
    await expect(page.getByLabel("이메일")).toHaveValue(email);
    await page.getByLabel("비밀번호").fill(PASSWORD);
    await page.getByRole("button", { name: "로그인" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "컨소시엄 초대 수락" })).toBeVisible();
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(scene.link);
    await expect(page.getByTestId("accept-signed-in-as")).toContainText(email);
    await page.getByTestId("accept-invitation").click();
    await expect(page).toHaveURL(new RegExp(`/consortia/${scene.consortiumId}$`));
    await expect(page.getByTestId("my-role")).toContainText("작성자");
    await expectNoSidewaysScroll(page);

    // The invitation is spent: the sign-in page no longer names it.
    const signedOut = await browser.newContext({ locale: "ko-KR", viewport: device.viewport });
    const fresh = await signedOut.newPage();
    await fresh.goto(scene.link);
    await expect(fresh).toHaveURL(ACCEPT_CALLBACK);
    await expect(fresh.getByRole("heading", { level: 1, name: "로그인" })).toBeVisible();
    await expect(fresh.getByTestId("invitation-notice")).toHaveCount(0);
    await expect(fresh.getByText(scene.name)).toHaveCount(0);

    expect(foreign).toEqual([]);
    await Promise.all([context.close(), signedOut.close(), admin.dispose(), scene.owner.ctx.dispose()]);
  });
}

test("a made-up, replaced or revoked invitation token names no consortium on the sign-in or register page", async ({ browser }) => {
  const admin = await adminClient();
  const email = uniqueEmail("revoked");
  const scene = await consortiumInviting(admin, email);
  const context = await browser.newContext({ locale: "ko-KR" });
  const page = await context.newPage();
  const shows = async (path: string, named: boolean) => {
    await page.goto(path);
    await expect(page.locator("main h1")).toBeVisible();
    await expect(page.getByTestId("invitation-notice")).toHaveCount(named ? 1 : 0);
    await expect(page.getByText(scene.name)).toHaveCount(named ? 1 : 0);
    if (!named) await expect(page.getByLabel("이메일")).toHaveValue("");
  };
  const via = (link: string) => [`/signin?callbackUrl=${encodeURIComponent(link)}`, `/register?callbackUrl=${encodeURIComponent(link)}`];

  // The real one is named; a made-up token of the right shape, or a mangled one, is not.
  await shows(via(scene.link)[0]!, true);
  for (const bogus of [`/invitations/accept?token=${"A".repeat(43)}`, `${scene.link}x`, `/invitations/accept?token=${scene.name}`]) {
    for (const p of via(bogus)) await shows(p, false);
  }
  await page.goto(`/invitations/accept?token=${"B".repeat(43)}`);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await expect(page.getByTestId("invitation-notice")).toHaveCount(0);

  // A second invitation replaces the first; revoking the second leaves none.
  await scene.invite(email);
  const second = await linkFromOutbox(admin, email);
  expect(second).not.toBe(scene.link);
  for (const p of via(scene.link)) await shows(p, false);
  await shows(via(second)[1]!, true);
  const invitations = (await (await scene.owner.ctx.get(`/api/v1/consortia/${scene.consortiumId}`)).json()).invitations as { id: string; email: string }[];
  const pending = invitations.find((i) => i.email === email)!;
  expect((await scene.owner.ctx.delete(`/api/v1/consortia/${scene.consortiumId}/invitations/${pending.id}`)).status()).toBe(200);
  for (const p of via(second)) await shows(p, false);
  await Promise.all([context.close(), admin.dispose(), scene.owner.ctx.dispose()]);
});

test("a hostile callbackUrl never reaches a mail link or a redirect: sign-in, 회원가입 and the register API drop it", async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await adminClient();
  const applicant = await verifiedApplicant(admin);
  const api = await newClient();
  for (const [i, hostile] of HOSTILE.entries()) {
    const context = await browser.newContext({ locale: "ko-KR" });
    const page = await context.newPage();
    const foreign = watchForeignRequests(page);

    // Sign-in: the 회원가입 link carries nothing, and signing in stays on the portal (내 컨소시엄).
    await page.goto(`/signin?callbackUrl=${encodeURIComponent(hostile)}`);
    await expect(page.getByTestId("register-link")).toHaveAttribute("href", "/register");
    await expect(page.getByTestId("nav-register")).toHaveAttribute("href", "/register");
    await page.getByLabel("이메일").fill(applicant.email);
    await page.getByLabel("비밀번호").fill(PASSWORD);
    await page.getByRole("button", { name: "로그인" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "내 컨소시엄" })).toBeVisible();
    expect(page.url()).toBe(`${E2E_BASE_URL}/consortia`);

    // 회원가입 with it: the mail's link is the plain verification link, and after verifying the
    // sign-in button goes to the plain sign-in page.
    await context.clearCookies();
    const email = uniqueEmail(`hostile${i}`);
    await page.goto(`/register?callbackUrl=${encodeURIComponent(hostile)}`);
    await expect(page.getByTestId("signin-link")).toHaveAttribute("href", "/signin");
    await expect(page.getByTestId("nav-signin")).toHaveAttribute("href", "/signin");
    await page.getByLabel("이름").fill("김공격");
    await page.getByLabel("이메일").fill(email);
    await page.getByLabel("비밀번호", { exact: true }).fill(PASSWORD);
    await completeRegisterForm(page, PASSWORD);
    await page.getByRole("button", { name: "회원가입" }).click();
    await expect(page.getByTestId("registered")).toContainText(email);
    await expect(page.getByTestId("registered")).not.toContainText("초대");
    const outbox = (await (await admin.get(`/api/v1/admin/outbox?to=${encodeURIComponent(email)}`)).json()).mails as { text: string }[];
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.text).not.toMatch(/evil/);
    const verifyLink = await linkFromOutbox(admin, email);
    expect(verifyLink).toMatch(/^\/verify\?token=[A-Za-z0-9_-]+$/);
    await page.goto(verifyLink);
    await page.getByRole("button", { name: "이메일 인증하기" }).click();
    await expect(page.getByTestId("verified-sign-in")).toHaveAttribute("href", "/signin");
    expect(foreign).toEqual([]);
    await context.close();

    // The API directly: registered, the value dropped.
    const apiEmail = uniqueEmail(`hostile-api${i}`);
    expect((await api.post("/api/v1/register", { data: { email: apiEmail, password: PASSWORD, name: "API 공격", callbackUrl: hostile, consents: CONSENTS } })).status()).toBe(201);
    const mails = (await (await admin.get(`/api/v1/admin/outbox?to=${encodeURIComponent(apiEmail)}`)).json()).mails as { text: string }[];
    expect(mails[0]!.text).not.toMatch(/evil/);
    expect(await linkFromOutbox(admin, apiEmail)).toMatch(/^\/verify\?token=[A-Za-z0-9_-]+$/);
  }
  // next-auth's own redirect refuses it too.
  const { csrfToken } = await (await api.get("/api/auth/csrf")).json();
  for (const hostile of HOSTILE) {
    const r = await api.post("/api/auth/signout", { form: { csrfToken, callbackUrl: hostile, json: "true" }, maxRedirects: 0 });
    expect(r.status()).toBeLessThan(500);
    expect(JSON.stringify(await r.json().catch(() => ({})))).not.toMatch(/evil/);
  }
  await Promise.all([admin.dispose(), applicant.ctx.dispose(), api.dispose()]);
});

test("signing in without a callbackUrl lands an applicant on 내 컨소시엄, a reviewer on their assignments, an administrator on the dashboard", async ({ browser }) => {
  const admin = await adminClient();
  const applicant = await verifiedApplicant(admin);
  const reviewer = await reviewerClient(admin, "착지 평가위원");
  const landsOn = async (b: Browser, email: string, password: string, path: string) => {
    const context = await b.newContext({ locale: "ko-KR" });
    const page = await context.newPage();
    await page.goto("/signin");
    await expect(page.getByTestId("register-link")).toHaveAttribute("href", "/register");
    await page.getByLabel("이메일").fill(email);
    await page.getByLabel("비밀번호").fill(password);
    await page.getByRole("button", { name: "로그인" }).click();
    await expect(page).toHaveURL(`${E2E_BASE_URL}${path}`);
    await expect(page.getByTestId("account-link")).toBeVisible();
    return { context, page };
  };
  const a = await landsOn(browser, applicant.email, PASSWORD, "/consortia");
  await expect(a.page.getByRole("heading", { level: 1, name: "내 컨소시엄" })).toBeVisible();
  const r = await landsOn(browser, reviewer.email, REVIEWER_PASSWORD, "/review");
  const s = await landsOn(browser, E2E_ADMIN.email, E2E_ADMIN.password, "/admin");
  // Signed out, the continue page is only the way to sign-in.
  const anon = await newClient();
  const res = await anon.get("/signin/continue", { maxRedirects: 0 });
  expect([303, 307, 308]).toContain(res.status());
  expect(res.headers()["location"]).toMatch(/\/signin$/);
  await Promise.all([a.context.close(), r.context.close(), s.context.close(), admin.dispose(), applicant.ctx.dispose(), reviewer.ctx.dispose(), anon.dispose()]);
});
