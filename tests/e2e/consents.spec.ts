// Issue 12 item 9, decision 019: 회원가입 shows the 이용약관 and the 개인정보 수집·이용 동의 (the four items
// of 개인정보 보호법 제15조②) with two required boxes and 전체 동의, a password confirmation and a
// show-password toggle; the consents are recorded with their versions (seen on 내 계정); /terms and
// /privacy are public. A person in Chromium at 1366 and 390 px.
import fs from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { adminClient, CONSENTS, linkFromOutbox, newClient, PASSWORD, uniqueEmail } from "./helpers";

const SCREENS = "test-results/screens";
const FOUR = ["수집 항목", "수집·이용 목적", "보유·이용 기간", "동의를 거부할 권리 및 거부 시 불이익"];

async function expectNoSidewaysScroll(page: Page) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }));
  expect(scroll).toBeLessThanOrEqual(width);
}

/** The field's aria-describedby names elements on the page, one of which says `text`. */
async function expectDescribedBy(field: Locator, text: string) {
  const ids = ((await field.getAttribute("aria-describedby")) ?? "").split(/\s+/).filter(Boolean);
  expect(ids.length).toBeGreaterThan(0);
  const said: string[] = [];
  for (const id of ids) {
    const el = field.page().locator(`[id="${id}"]`);
    await expect(el, `#${id} exists`).toHaveCount(1);
    said.push((await el.textContent()) ?? "");
  }
  expect(said.join(" ")).toContain(text);
}

async function expectFourItems(scope: Locator) {
  const heads = scope.locator("th[scope=row]");
  await expect(heads).toHaveText(FOUR);
  for (let i = 0; i < 4; i++) expect(((await scope.locator("tbody td").nth(i).textContent()) ?? "").length).toBeGreaterThan(20);
}

for (const device of [
  { name: "1366", viewport: { width: 1366, height: 768 }, isMobile: false },
  { name: "390", viewport: { width: 390, height: 844 }, isMobile: true },
]) {
  test(`회원가입 with the terms, the privacy consent, password confirmation and show-password (${device.name} px); the consents on 내 계정`, async ({ browser }) => {
    test.setTimeout(120_000);
    const admin = await adminClient();
    const context = await browser.newContext({ locale: "ko-KR", viewport: device.viewport, isMobile: device.isMobile, hasTouch: device.isMobile });
    const page = await context.newPage();
    const email = uniqueEmail(`consent${device.name}`);

    await page.goto("/register");
    await expect(page.getByRole("heading", { level: 1, name: "회원가입" })).toBeVisible();
    await expectNoSidewaysScroll(page);

    // The terms: a scrolling box a keyboard can reach, read to the end, and a link to the full page.
    const box = page.getByRole("region", { name: "이용약관 내용" });
    await expect(box).toContainText("제1조(목적)");
    await expect(box).toHaveAttribute("tabindex", "0");
    const scrolls = await box.evaluate((el) => el.scrollHeight > el.clientHeight);
    expect(scrolls).toBe(true);
    // Read to the end with the keyboard: the box takes focus and End scrolls it.
    const last = box.getByText("이 약관은 2026년 12월 8일부터 시행합니다.");
    await box.focus();
    await expect(box).toBeFocused();
    await expect(last).not.toBeInViewport();
    await page.keyboard.press("End");
    await expect(last).toBeInViewport();
    await expect(page.getByTestId("terms-link")).toHaveAttribute("href", "/terms");
    // The privacy consent: the four items of 제15조②.
    await expectFourItems(page.getByTestId("privacy-table"));
    await expect(page.getByTestId("privacy-table")).toContainText(`개인정보 수집·이용 동의 (회원가입) (${CONSENTS.privacy} 시행)`);

    await page.getByLabel("이름").fill("김동의");
    await page.getByLabel("이메일").fill(email);
    await page.getByLabel("비밀번호", { exact: true }).fill(PASSWORD);
    await page.getByLabel("비밀번호 확인").fill(PASSWORD);
    // Unchecked: Korean errors, each box described by its message.
    await page.getByRole("button", { name: "회원가입" }).click();
    const terms = page.getByTestId("agree-terms");
    const privacy = page.getByTestId("agree-privacy");
    await expect(page.getByText("이용약관에 동의해야 가입할 수 있습니다.")).toBeVisible();
    await expect(page.getByText("개인정보 수집·이용에 동의해야 가입할 수 있습니다.")).toBeVisible();
    await expect(terms).toHaveAttribute("aria-invalid", "true");
    await expectDescribedBy(terms, "이용약관에 동의해야 가입할 수 있습니다.");
    await expectDescribedBy(privacy, "개인정보 수집·이용에 동의해야 가입할 수 있습니다.");
    await page.screenshot({ path: `${SCREENS}/register-consent-errors-${device.name}.png`, fullPage: true });

    // A confirmation that differs: its own Korean error.
    await page.getByLabel("비밀번호 확인").fill(`${PASSWORD}-x`);
    await page.getByRole("button", { name: "회원가입" }).click();
    await expect(page.getByText("비밀번호가 서로 다릅니다.")).toBeVisible();
    await expectDescribedBy(page.getByLabel("비밀번호 확인"), "비밀번호가 서로 다릅니다.");

    // Show password: both fields switch to text, aria-pressed follows, the button keeps the focus.
    const toggle = page.getByRole("button", { name: "비밀번호 보기" });
    await expect(toggle).toHaveAttribute("aria-pressed", "false");
    await expect(page.getByLabel("비밀번호", { exact: true })).toHaveAttribute("type", "password");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-pressed", "true");
    await expect(toggle).toBeFocused();
    await expect(page.getByLabel("비밀번호", { exact: true })).toHaveAttribute("type", "text");
    await expect(page.getByLabel("비밀번호 확인")).toHaveAttribute("type", "text");
    await expect(page.getByLabel("비밀번호 확인")).toHaveValue(`${PASSWORD}-x`);
    await page.keyboard.press("Enter"); // the keyboard toggles it back
    await expect(toggle).toHaveAttribute("aria-pressed", "false");
    await expect(toggle).toBeFocused();
    await expect(page.getByLabel("비밀번호", { exact: true })).toHaveAttribute("type", "password");
    await page.getByLabel("비밀번호 확인").fill(PASSWORD);

    // 전체 동의 checks both, and unchecks both; one box alone leaves it unchecked.
    const all = page.getByTestId("agree-all");
    await all.check();
    await expect(terms).toBeChecked();
    await expect(privacy).toBeChecked();
    await expect(page.getByText("이용약관에 동의해야 가입할 수 있습니다.")).toHaveCount(0);
    await all.uncheck();
    await expect(terms).not.toBeChecked();
    await expect(privacy).not.toBeChecked();
    await terms.check();
    await expect(all).not.toBeChecked();
    await privacy.check();
    await expect(all).toBeChecked();
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: `${SCREENS}/register-consent-filled-${device.name}.png`, fullPage: true });

    await page.getByRole("button", { name: "회원가입" }).click();
    await expect(page.getByTestId("registered")).toContainText(email);

    // Verify, sign in: 내 계정 lists both consents with their versions.
    await page.goto(await linkFromOutbox(admin, email));
    await page.getByRole("button", { name: "이메일 인증하기" }).click();
    await expect(page.getByTestId("verified")).toBeVisible();
    await page.goto("/signin");
    await page.getByLabel("이메일").fill(email);
    await page.getByLabel("비밀번호").fill(PASSWORD);
    await page.getByRole("button", { name: "로그인" }).click();
    await expect(page.getByTestId("account-link")).toBeVisible();
    await page.goto("/account");
    const rows = page.getByTestId("account-consents");
    await expect(rows.locator("tr[data-consent=terms]")).toContainText(CONSENTS.terms);
    await expect(rows.locator("tr[data-consent=terms]")).toContainText("이용약관");
    await expect(rows.locator("tr[data-consent=privacy-registration]")).toContainText(CONSENTS.privacy);
    await expectNoSidewaysScroll(page);
    await context.close();
    await admin.dispose();
  });
}

test("a registration sent with an older text's version is refused in Korean (reload), and nothing is created", async ({ page }) => {
  const admin = await adminClient();
  const email = uniqueEmail("stale");
  await page.goto("/register");
  // The page was rendered before the text changed: the request carries an older version.
  await page.route("**/api/v1/register", async (route) => {
    const body = JSON.parse(route.request().postData() ?? "{}");
    await route.continue({ postData: JSON.stringify({ ...body, consents: { ...body.consents, privacy: "2025-06-21" } }) });
  });
  await page.getByLabel("이름").fill("김옛판");
  await page.getByLabel("이메일").fill(email);
  await page.getByLabel("비밀번호", { exact: true }).fill(PASSWORD);
  await page.getByLabel("비밀번호 확인").fill(PASSWORD);
  await page.getByTestId("agree-all").check();
  await page.getByRole("button", { name: "회원가입" }).click();
  await expect(page.getByTestId("form-error")).toHaveText("이용약관 또는 개인정보 수집·이용 동의 내용이 바뀌었습니다. 화면을 새로 고쳐 바뀐 내용을 읽고 다시 동의해 주세요.");
  await expect(page.getByTestId("form-error")).toHaveAttribute("data-code", "CONSENT_OUTDATED");
  await expectDescribedBy(page.getByTestId("agree-privacy"), "화면을 새로 고쳐");

  // The API: without consents or with a stale version, 422 and no account.
  const anon = await newClient();
  const none = await anon.post("/api/v1/register", { data: { email, password: PASSWORD, name: "김옛판" } });
  expect(none.status()).toBe(422);
  expect((await none.json()).error.fields).toEqual({ consents: "필수 항목입니다." });
  const stale = await anon.post("/api/v1/register", { data: { email, password: PASSWORD, name: "김옛판", consents: { ...CONSENTS, terms: "2000-01-01" } } });
  expect(stale.status()).toBe(422);
  const err = (await stale.json()).error;
  expect(err.code).toBe("CONSENT_OUTDATED");
  expect(err.message).toContain("새로 고쳐");
  const found = await (await admin.get(`/api/v1/admin/users?q=${encodeURIComponent(email)}`)).json();
  expect(found.users).toHaveLength(0);
  await anon.dispose();
  await admin.dispose();
});

for (const viewport of [{ width: 1366, height: 768 }, { width: 390, height: 844 }]) {
  test(`/privacy and /terms are public, linked from the footer (${viewport.width} px)`, async ({ browser }) => {
    const context = await browser.newContext({ locale: "ko-KR", viewport });
    const page = await context.newPage();
    await page.goto("/");
    await page.getByTestId("footer-privacy").click();
    await expect(page).toHaveURL(/\/privacy$/);
    await expect(page.getByRole("heading", { level: 1, name: "개인정보 처리방침" })).toBeVisible();
    await expect(page).toHaveTitle("개인정보 처리방침 | 독자 AI 파운데이션 모델 접수 포털");
    await expectFourItems(page.getByTestId("policy-privacy-registration"));
    await expectFourItems(page.getByTestId("policy-privacy-proposal"));
    for (const h of ["개인정보의 제3자 제공과 처리 위탁", "개인정보의 파기 절차와 방법", "정보주체의 권리와 행사 방법", "개인정보 보호책임자"]) {
      await expect(page.getByRole("heading", { level: 2, name: new RegExp(h) })).toBeVisible();
    }
    // The officer is a deployment setting (PRIVACY_OFFICER_*), unset here.
    await expect(page.getByTestId("privacy-officer")).toContainText("(지정 예정)");
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: `${SCREENS}/privacy-${viewport.width}.png`, fullPage: true });

    await page.getByTestId("footer-terms").click();
    await expect(page).toHaveURL(/\/terms$/);
    await expect(page.getByRole("heading", { level: 1, name: "이용약관" })).toBeVisible();
    await expect(page.getByTestId("terms-version")).toHaveText(`${CONSENTS.terms} 시행`);
    await expect(page.getByRole("heading", { level: 2, name: "제1조(목적)" })).toBeVisible();
    await expectNoSidewaysScroll(page);
    fs.mkdirSync(SCREENS, { recursive: true });
    await context.close();
  });
}
