import fs from "node:fs";
import { expect, request, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { E2E_BASE_URL } from "./env";
import { adminClient, linkFromOutbox, PASSWORD, verifiedApplicant } from "./helpers";
import { makeBusinessRegNo } from "../support/builders";

const DEMO_CALL = "demo-sovereign-ai-2025";
const SCREENS = "test-results/screens";
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

const hyphenated = (n: string) => `${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)}`;

/** Signs in through the /signin form, as a person would. */
async function signInThroughForm(page: Page, email: string) {
  await page.getByLabel("이메일").fill(email);
  await page.getByLabel("비밀번호").fill(PASSWORD);
  await page.getByRole("button", { name: "로그인" }).click();
}

async function screenshot(page: Page, name: string) {
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });
}

/** A browser context already signed in as the API client's user (its session cookie). */
async function browserAs(browser: Browser, ctx: APIRequestContext) {
  const context = await browser.newContext({ storageState: await ctx.storageState() });
  return { context, page: await context.newPage() };
}

test("consortium pages: form a consortium, add and invite a partner who accepts and confirms, the lead confirms and starts the proposal", async ({ page, browser }) => {
  test.setTimeout(150_000);
  const admin = await adminClient();
  const lead = await verifiedApplicant(admin);
  const partner = await verifiedApplicant(admin);
  const outsider = await verifiedApplicant(admin);
  const leadBrn = makeBusinessRegNo();
  const partBrn = makeBusinessRegNo();
  const consortiumName = `E2E 화면 컨소시엄 ${leadBrn.slice(-4)}`;

  // The lead signs in on the way to their consortia.
  await page.goto("/consortia");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fconsortia/);
  await signInThroughForm(page, lead.email);
  await expect(page.getByRole("heading", { level: 1, name: "내 컨소시엄" })).toBeVisible();
  await expect(page.getByTestId("consortia-empty")).toBeVisible();

  // A wrong 사업자등록번호 is refused in Korean by the shared schema; nothing is created.
  const form = page.getByTestId("new-consortium-form");
  await form.getByLabel("공고", { exact: true }).selectOption(DEMO_CALL);
  await form.getByLabel("컨소시엄 이름").fill(consortiumName);
  await form.getByLabel("기관명").fill("E2E 주관 주식회사");
  await form.getByLabel("사업자등록번호").fill("123-45-67890");
  await form.getByLabel("기관 유형").selectOption("LARGE_ENTERPRISE");
  await form.getByLabel("대표자").fill("김주관");
  await form.getByLabel("담당 역할").fill("모델 설계·사전학습 총괄");
  await form.getByTestId("create-consortium").click();
  await expect(form.getByText("사업자등록번호가 올바르지 않습니다 (10자리, 검증번호 불일치).")).toBeVisible();
  await expect(form.getByLabel("사업자등록번호")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("사업자등록번호")).toHaveAttribute("aria-describedby", /nc-lead-businessRegNo-error/);
  await screenshot(page, "new-consortium-error");
  await expect(page).toHaveURL(/\/consortia$/);
  expect((await (await lead.ctx.get("/api/v1/consortia")).json()).consortia).toEqual([]);

  await form.getByLabel("사업자등록번호").fill(hyphenated(leadBrn));
  // The lead's own share is asked at creation (issue 12 item 10), typed in 억 like any share.
  await form.getByLabel("주관기관 예산 분담액 (원)").fill("150억");
  await expect(form.getByTestId("nc-share-preview")).toHaveText("= 150억 원");
  await form.getByTestId("create-consortium").click();
  await expect(page).toHaveURL(new RegExp(`/consortia/${UUID}$`));
  const consortiumId = page.url().split("/").pop()!;
  await expect(page.getByTestId("consortium-name")).toHaveText(consortiumName);
  await expect(page.getByTestId("consortium-cutoff")).toContainText("KST");
  await expect(page.getByTestId("my-role")).toContainText("대표 관리자");
  const leadRow = page.getByTestId(`org-row-${hyphenated(leadBrn)}`);
  await expect(leadRow).toContainText("주관기관");
  await expect(leadRow.getByTestId("org-confirmation")).toHaveText("미확인");
  await expect(leadRow.getByTestId("org-share")).toHaveText("150억 원");

  // A participating organisation with a share typed in 억.
  const add = page.getByTestId("add-org-form");
  await add.getByLabel("기관명").fill("E2E 대학교 산학협력단");
  await add.getByLabel("사업자등록번호").fill(partBrn);
  await add.getByLabel("기관 유형").selectOption("UNIVERSITY");
  await add.getByLabel("대표자").fill("이참여");
  await add.getByLabel("담당 역할").fill("한국어 말뭉치 구축");
  await add.getByLabel("예산 분담액 (원)").fill("100억");
  await expect(add.getByTestId("ao-share-preview")).toHaveText("= 100억 원");
  await add.getByTestId("add-org").click();
  // The particle follows the name (산학협력단 → 을), and the form starts afresh: the share field is empty.
  await expect(page.getByTestId("org-added")).toContainText("E2E 대학교 산학협력단을 참여기관으로 추가했습니다.");
  await expect(add.getByLabel("예산 분담액 (원)")).toHaveValue("");
  await expect(add.getByLabel("기관명")).toHaveValue("");
  const partRow = page.getByTestId(`org-row-${hyphenated(partBrn)}`);
  await expect(partRow).toContainText("참여기관");
  await expect(partRow.getByTestId("org-share")).toHaveText("100억 원");
  // The same organisation twice: the server's field error lands on the field.
  await add.getByLabel("기관명").fill("E2E 대학교 산학협력단");
  await add.getByLabel("사업자등록번호").fill(partBrn);
  await add.getByLabel("기관 유형").selectOption("UNIVERSITY");
  await add.getByLabel("대표자").fill("이참여");
  await add.getByTestId("add-org").click();
  await expect(add.getByText("이미 이 컨소시엄에 참여한 기관입니다.")).toBeVisible();

  // The owner edits the lead's share inline.
  await leadRow.getByTestId("edit-org").click();
  const edit = page.getByTestId("edit-org-form");
  await edit.getByLabel("예산 분담액 (원)").fill("200억");
  await expect(edit.getByTestId(/-share-preview$/)).toHaveText("= 200억 원");
  await screenshot(page, "consortium-edit-org");
  await edit.getByTestId("save-org").click();
  await expect(leadRow.getByTestId("org-share")).toHaveText("200억 원");
  await expect(page.getByTestId("pending-confirmations")).toContainText("E2E 주관 주식회사");
  await expect(page.getByTestId("pending-confirmations")).toContainText("E2E 대학교 산학협력단");

  // Invite the partner to act for the university.
  const invite = page.getByTestId("invite-form");
  await invite.getByLabel("이메일").fill(partner.email);
  await invite.getByLabel("소속 기관").selectOption({ label: "E2E 대학교 산학협력단" });
  await invite.getByLabel("역할").selectOption("EDITOR");
  await invite.getByTestId("send-invite").click();
  await expect(page.getByTestId("invite-sent")).toContainText(partner.email);
  await expect(page.getByTestId("pending-invitations")).toContainText(partner.email);
  const link = await linkFromOutbox(admin, partner.email);
  expect(link).toMatch(/^\/invitations\/accept\?token=/);

  // Someone else signed in cannot take the invitation.
  const other = await browserAs(browser, outsider.ctx);
  await other.page.goto(link);
  await other.page.getByTestId("accept-invitation").click();
  await expect(other.page.getByTestId("form-error")).toHaveText("이 초대는 다른 이메일 주소로 보낸 것입니다. 초대받은 주소의 계정으로 로그인하세요.");
  // …nor see the consortium: the not-found page, status 404.
  const hidden = await other.page.goto(`/consortia/${consortiumId}`);
  expect(hidden?.status()).toBe(404);
  await expect(other.page.getByTestId("not-found")).toBeVisible();
  await expect(other.page.getByText(consortiumName)).toHaveCount(0);
  expect((await other.page.goto("/consortia/not-a-uuid"))?.status()).toBe(404);

  // The partner opens the mail link signed out, signs in, comes back to it and accepts.
  const partnerContext = await browser.newContext();
  const p2 = await partnerContext.newPage();
  await p2.goto(link);
  await expect(p2).toHaveURL(/\/signin\?callbackUrl=%2Finvitations%2Faccept%3Ftoken%3D/);
  await signInThroughForm(p2, partner.email);
  await expect(p2.getByRole("heading", { level: 1, name: "컨소시엄 초대 수락" })).toBeVisible();
  await expect(p2.getByTestId("accept-signed-in-as")).toContainText(partner.email);
  await screenshot(p2, "invitation-accept");
  await p2.getByTestId("accept-invitation").click();
  await expect(p2).toHaveURL(new RegExp(`/consortia/${consortiumId}$`));
  await expect(p2.getByTestId("my-role")).toContainText("작성자");
  await expect(p2.getByTestId("add-org-form")).toHaveCount(0);
  await expect(p2.getByTestId("invite-form")).toHaveCount(0);
  // Only their own organisation offers the confirmation.
  const p2Lead = p2.getByTestId(`org-row-${hyphenated(leadBrn)}`);
  const p2Part = p2.getByTestId(`org-row-${hyphenated(partBrn)}`);
  await expect(p2Lead.getByTestId("confirm-participation")).toHaveCount(0);
  await p2Part.getByTestId("confirm-participation").click();
  await expect(p2Part.getByTestId("org-confirmation")).toContainText(/^확인 완료 \(.+KST\)$/);
  // The used link says so.
  await p2.goto(link);
  await p2.getByTestId("accept-invitation").click();
  await expect(p2.getByTestId("form-error")).toHaveAttribute("data-code", "TOKEN_USED");
  await expect(p2.getByTestId("form-error")).toContainText("이미 수락했거나 사용한 초대입니다");

  // The lead sees both organisations, the partner's confirmed, and who is still to confirm.
  await page.reload();
  await expect(partRow.getByTestId("org-confirmation")).toContainText("확인 완료");
  await expect(leadRow.getByTestId("org-confirmation")).toHaveText("미확인");
  await expect(page.getByTestId("pending-confirmations")).toContainText("E2E 주관 주식회사");
  await expect(page.getByTestId("pending-confirmations")).not.toContainText("E2E 대학교 산학협력단");
  await expect(page.getByTestId("members").getByTestId("member-row")).toHaveCount(2);
  await expect(page.getByTestId("no-pending-invitations")).toBeVisible();
  await leadRow.getByTestId("confirm-participation").click();
  await expect(leadRow.getByTestId("org-confirmation")).toContainText("확인 완료");
  await expect(page.getByTestId("all-confirmed")).toBeVisible();

  // A changed share needs the partner's confirmation again.
  await partRow.getByTestId("edit-org").click();
  await page.getByTestId("edit-org-form").getByLabel("예산 분담액 (원)").fill("12,000,000,000");
  await page.getByTestId("save-org").click();
  await expect(partRow.getByTestId("org-confirmation")).toHaveText("재확인 필요: 확인한 분담액 100억 원이 120억 원으로 바뀌었습니다.");
  await expect(page.getByTestId("pending-confirmations")).toContainText("E2E 대학교 산학협력단");
  await p2.goto(`/consortia/${consortiumId}`);
  await p2Part.getByTestId("confirm-participation").click();
  await expect(p2Part.getByTestId("org-confirmation")).toContainText("확인 완료");
  await page.reload();
  await expect(page.getByTestId("all-confirmed")).toBeVisible();

  await screenshot(page, "consortium-page");
  await page.setViewportSize({ width: 375, height: 800 });
  await screenshot(page, "consortium-page-375");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.setViewportSize({ width: 1280, height: 800 });
  await screenshot(p2, "consortium-page-partner");

  // English second: the same page, amounts in KRW.
  await page.getByTestId("locale-switch").click();
  await expect(page.getByRole("heading", { name: "Organisations" })).toBeVisible();
  await expect(leadRow.getByTestId("org-share")).toHaveText("KRW 20,000,000,000");
  await expect(leadRow.getByTestId("org-confirmation")).toContainText(/^Confirmed \(.+KST\)$/);
  await expect(page.getByTestId("my-role")).toContainText("Owner");
  await screenshot(page, "consortium-page-en");
  await page.getByTestId("locale-switch").click();
  await expect(page.getByRole("heading", { name: "참여 기관" })).toBeVisible();

  // The owner starts the proposal and lands on it.
  await page.getByTestId("start-proposal").click();
  await expect(page).toHaveURL(new RegExp(`/proposals/${UUID}$`));
  const proposalId = page.url().split("/").pop()!;
  await page.goto("/consortia");
  const row = page.getByTestId(`consortium-row-${consortiumId}`);
  await expect(row).toContainText(consortiumName);
  await expect(row).toContainText("대표 관리자");
  await expect(row.getByTestId("proposal-link")).toHaveAttribute("href", `/proposals/${proposalId}`);
  await screenshot(page, "consortia-list");

  await Promise.all([other.context.close(), partnerContext.close(), admin.dispose(), lead.ctx.dispose(), partner.ctx.dispose(), outsider.ctx.dispose()]);
});

test("an invitation link without a token, or a made-up one, is explained in Korean", async ({ browser }) => {
  const admin = await adminClient();
  const someone = await verifiedApplicant(admin);
  const { context, page } = await browserAs(browser, someone.ctx);
  await page.goto("/invitations/accept");
  await expect(page.getByTestId("form-error")).toHaveText("초대 링크가 올바르지 않습니다. 메일의 링크를 그대로 열었는지 확인하세요.");
  await expect(page.getByTestId("accept-invitation")).toHaveCount(0);
  await page.goto("/invitations/accept?token=made-up-token-0123456789");
  await page.getByTestId("accept-invitation").click();
  await expect(page.getByTestId("form-error")).toHaveAttribute("data-code", "TOKEN_INVALID");
  await expect(page.getByTestId("form-error")).toContainText("유효하지 않은 초대 링크입니다");
  await Promise.all([context.close(), admin.dispose(), someone.ctx.dispose()]);
});

test("account page: a personal access token is shown once, works as a Bearer token, and stops at revoke", async ({ page }) => {
  const admin = await adminClient();
  const me = await verifiedApplicant(admin);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: E2E_BASE_URL });
  await page.goto("/account");
  await signInThroughForm(page, me.email);
  const section = page.getByTestId("tokens");
  await expect(section.getByRole("heading", { name: "개인 액세스 토큰 (API)" })).toBeVisible();
  await expect(section.getByTestId("no-tokens")).toBeVisible();
  await expect(section.getByTestId("token-usage")).toHaveText(`curl -H "Authorization: Bearer sapt_…" ${E2E_BASE_URL}/api/v1/consortia`);

  const form = section.getByTestId("token-form");
  await expect(form.getByLabel("유효 기간 (일)")).toHaveValue("90");
  await form.getByLabel("토큰 이름").fill("E2E 제출 스크립트");
  await form.getByLabel("유효 기간 (일)").fill("400");
  await form.getByTestId("create-token").click();
  await expect(form.getByText("값이 너무 큽니다.")).toBeVisible();
  await expect(form.getByLabel("유효 기간 (일)")).toHaveAttribute("aria-invalid", "true");
  await form.getByLabel("유효 기간 (일)").fill("30");
  await form.getByTestId("create-token").click();
  await expect(section.getByTestId("token-created")).toContainText("한 번만 표시됩니다");
  const token = await section.getByTestId("token-value").inputValue();
  expect(token).toMatch(/^sapt_[A-Za-z0-9_-]{43}$/);
  await section.getByTestId("copy-token").click();
  await expect(section.getByText("클립보드에 복사했습니다.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  const row = section.getByTestId("token-row");
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute("data-prefix", token.slice(0, 12));
  await expect(row).toContainText("E2E 제출 스크립트");
  await expect(row).toContainText("사용 기록 없음");
  await screenshot(page, "account-token-created");

  const bearer = await request.newContext({ baseURL: E2E_BASE_URL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const ok = await bearer.get("/api/v1/consortia");
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toEqual({ consortia: [] });

  // Shown once: a reload lists the token by its prefix only, now with its last use.
  await page.reload();
  await expect(section.getByTestId("token-created")).toHaveCount(0);
  await expect(page.getByText(token)).toHaveCount(0);
  await expect(row).toContainText(`${token.slice(0, 12)}…`);
  await expect(row).not.toContainText("사용 기록 없음");
  await expect(row).toContainText("KST");
  await screenshot(page, "account-tokens");
  await page.setViewportSize({ width: 375, height: 800 });
  await screenshot(page, "account-tokens-375");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.setViewportSize({ width: 1280, height: 800 });

  await row.getByTestId("revoke-token").click();
  await row.getByTestId("revoke-token-confirm").click();
  await expect(row).toHaveAttribute("data-revoked", "true");
  await expect(row).toContainText("폐기됨");
  expect((await bearer.get("/api/v1/consortia")).status()).toBe(401);
  await Promise.all([bearer.dispose(), admin.dispose(), me.ctx.dispose()]);
});

test("at the cutoff: a late write shows CALL_CLOSED in Korean, and the page turns read-only", async ({ browser }) => {
  test.setTimeout(90_000);
  const admin = await adminClient();
  const lead = await verifiedApplicant(admin);
  // A call closing seconds from now (tests never wait for a real date).
  const slug = `e2e-closing-${makeBusinessRegNo()}`;
  const closesAt = new Date(Date.now() + 8_000);
  const call = await admin.post("/api/v1/admin/calls", {
    data: {
      slug,
      titleKo: "E2E 곧 마감 공고",
      titleEn: "E2E closing call",
      ministryKo: "과학기술정보통신부",
      ministryEn: "MSIT",
      totalBudget: 193_600_000_000,
      opensAt: new Date(Date.now() - 86_400_000).toISOString(),
      closesAt: closesAt.toISOString(),
      rubric: [{ key: "plan", labelKo: "계획", labelEn: "Plan", maxPoints: 100, weight: 100 }],
    },
  });
  expect(call.status()).toBe(201);
  const created = await lead.ctx.post("/api/v1/consortia", { data: { callSlug: slug, name: "E2E 마감 컨소시엄", lead: { name: "E2E 마감 주식회사", businessRegNo: makeBusinessRegNo(), type: "SME_STARTUP", representativeName: "박마감" } } });
  expect(created.status()).toBe(201);
  const consortiumId = (await created.json()).id;

  const { context, page } = await browserAs(browser, lead.ctx);
  await page.goto(`/consortia/${consortiumId}`);
  const add = page.getByTestId("add-org-form");
  await add.getByLabel("기관명").fill("E2E 늦은 참여기관");
  await add.getByLabel("사업자등록번호").fill(makeBusinessRegNo());
  await add.getByLabel("기관 유형").selectOption("OTHER");
  await add.getByLabel("대표자").fill("최지각");
  // Wait on the server's clock until the call has closed, then send.
  await expect.poll(async () => new Date((await (await admin.get("/api/v1/time")).json()).now).getTime(), { timeout: 20_000 }).toBeGreaterThanOrEqual(closesAt.getTime());
  await add.getByTestId("add-org").click();
  await expect(add.getByTestId("form-error")).toHaveAttribute("data-code", "CALL_CLOSED");
  await expect(add.getByTestId("form-error")).toHaveText("접수가 마감되어 더 이상 저장하거나 제출할 수 없습니다.");

  await page.reload();
  await expect(page.getByTestId("consortium-closed")).toContainText("접수가 마감되어");
  await expect(page.getByTestId("countdown")).toHaveAttribute("data-state", "CLOSED");
  for (const id of ["add-org-form", "invite-form", "edit-org", "remove-org", "confirm-participation", "start-proposal"]) await expect(page.getByTestId(id)).toHaveCount(0);
  await expect(page.getByTestId("no-proposal")).toBeVisible();
  await expect(page.getByTestId("organizations")).toContainText("E2E 마감 주식회사");
  await expect(page.getByTestId("organizations")).not.toContainText("E2E 늦은 참여기관");
  await screenshot(page, "consortium-page-closed");
  await Promise.all([context.close(), admin.dispose(), lead.ctx.dispose()]);
});
