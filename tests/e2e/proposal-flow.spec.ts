import crypto from "node:crypto";
import canonicalize from "canonicalize";
import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { E2E_BASE_URL } from "./env";
import { adminClient, answerConfirm, CONSENTS, linkFromOutbox, newClient, PASSWORD, signIn, uniqueEmail } from "./helpers";
import { pdf } from "../support/files";
import { org } from "../support/builders";

const sha256 = (s: string | Buffer) => crypto.createHash("sha256").update(s).digest("hex");
const shot = (name: string) => ({ path: `test-results/screens/${name}.png`, fullPage: true });

/** A verified applicant signed in inside a browser context of their own (the page and its request share cookies). */
async function applicantContext(browser: Browser, admin: APIRequestContext, name: string) {
  const email = uniqueEmail("flow");
  const anon = await newClient();
  expect((await anon.post("/api/v1/register", { data: { email, password: PASSWORD, name, consents: CONSENTS } })).status()).toBe(201);
  const token = new URL(await linkFromOutbox(admin, email), E2E_BASE_URL).searchParams.get("token");
  expect((await anon.post("/api/v1/verify", { data: { token } })).status()).toBe(200);
  await anon.dispose();
  const context = await browser.newContext({ baseURL: E2E_BASE_URL, locale: "ko-KR", timezoneId: "America/New_York" });
  await signIn(context.request, email, PASSWORD);
  return { context, email, api: context.request };
}

test("a consortium lead builds a two-model proposal, uploads a PDF, submits, gets the receipt; after the cutoff the form is read-only", async ({ browser }) => {
  test.setTimeout(180_000);
  const admin = await adminClient();
  const slug = `flow-${crypto.randomBytes(4).toString("hex")}`;
  const created = await admin.post("/api/v1/admin/calls", {
    data: {
      slug,
      titleKo: "[E2E] 독자 AI 파운데이션 모델",
      titleEn: "[E2E] Sovereign AI",
      ministryKo: "과학기술정보통신부",
      ministryEn: "MSIT",
      totalBudget: 193_600_000_000,
      opensAt: new Date(Date.now() - 86_400_000).toISOString(),
      closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      rubric: [{ key: "all", labelKo: "종합", labelEn: "Overall", maxPoints: 100, weight: 100 }],
    },
  });
  expect(created.status()).toBe(201);
  const callId = (await created.json()).id;

  // The consortium through the API (its pages have their own test): lead + a participant who confirms.
  const lead = await applicantContext(browser, admin, "김주관");
  const partner = await applicantContext(browser, admin, "이참여");
  const consortiumId = (await (await lead.api.post("/api/v1/consortia", { data: { callSlug: slug, name: "한국형 LLM 컨소시엄", lead: org("독자AI 주식회사", "LARGE_ENTERPRISE") } })).json()).id;
  const part = await (await lead.api.post(`/api/v1/consortia/${consortiumId}/organizations`, { data: { organization: org("국립 AI 대학교", "UNIVERSITY"), budgetShareKrw: 10_000_000_000 } })).json();
  const leadOrgId = (await (await lead.api.get(`/api/v1/consortia/${consortiumId}`)).json()).organizations[0].id;
  await lead.api.patch(`/api/v1/consortia/${consortiumId}/organizations/${leadOrgId}`, { data: { budgetShareKrw: 20_000_000_000 } });
  await lead.api.post(`/api/v1/consortia/${consortiumId}/invitations`, { data: { email: partner.email, organizationId: part.organizationId, role: "EDITOR" } });
  const invite = new URL(await linkFromOutbox(admin, partner.email), E2E_BASE_URL).searchParams.get("token");
  expect((await partner.api.post("/api/v1/invitations/accept", { data: { token: invite } })).status()).toBe(200);
  expect((await partner.api.post(`/api/v1/consortia/${consortiumId}/organizations/${part.organizationId}/confirm`)).status()).toBe(200);
  expect((await lead.api.post(`/api/v1/consortia/${consortiumId}/organizations/${leadOrgId}/confirm`)).status()).toBe(200);
  const proposalId = (await (await lead.api.post("/api/v1/proposals", { data: { consortiumId } })).json()).id;

  const page = await lead.context.newPage();
  await page.goto(`/proposals/${proposalId}`);
  await expect(page.getByRole("heading", { name: "제안서" })).toBeVisible();
  await expect(page.getByTestId("proposal-status")).toHaveText("작성 중");

  // 1. Overview: 억 원 shown as you type; the same zod schema complains on the page.
  await page.getByLabel("과제명 (국문)").fill("한국어 특화 초거대 언어모델 개발");
  await page.getByLabel("과제명 (영문)").fill("Korean sovereign foundation model");
  await page.getByLabel("과제 요약").fill("구조 설계부터 학습·검증·최적화까지 전 주기를 자체 수행합니다.");
  await page.getByLabel("사업 기간 (개월)").fill("0");
  await page.getByLabel("사업 기간 (개월)").blur();
  await expect(page.getByText("0보다 큰 값을 입력하세요.")).toBeVisible();
  await page.getByLabel("사업 기간 (개월)").fill("24");
  // Amounts the way Koreans type them (issue 12 item 2): one parser; unreadable text is named as such.
  await page.getByLabel("신청 예산 (원)").fill("300억x");
  await page.getByLabel("신청 예산 (원)").blur();
  await expect(page.getByText("숫자 또는 ‘500억’ 형식으로 입력하세요.")).toBeVisible();
  await expect(page.getByText("필수 항목입니다.")).toHaveCount(0);
  await page.getByLabel("신청 예산 (원)").fill("300억");
  await expect(page.getByTestId("budget-amount")).toHaveText("= 300억 원");
  await expect(page.getByText("숫자 또는 ‘500억’ 형식으로 입력하세요.")).toHaveCount(0);
  await expect(page.getByTestId("save-state")).toContainText("저장됨", { timeout: 10_000 });
  await expect(page.getByTestId("save-state")).toContainText(/\d\d:\d\d:\d\d KST/);
  await page.screenshot(shot("proposal-overview"));

  // 3. Models: a fine-tuned model from a foreign base alone raises the program-purpose warning.
  await page.getByTestId("step-models").click();
  const m1 = page.getByTestId("model-0");
  await m1.getByLabel("모델 이름").fill("Tri-Chat-8B");
  await m1.getByLabel("파라미터 수").fill("8B");
  await expect(m1).toContainText("= 8B 파라미터");
  await m1.getByLabel("아키텍처").fill("decoder-only transformer");
  await m1.getByLabel("개발 방식").selectOption("FINE_TUNED");
  await m1.getByLabel("기반 모델 이름").fill("Llama 3.1 8B");
  await m1.getByLabel("개발사").fill("Meta");
  await m1.getByLabel("개발 국가").selectOption({ label: "미국" });
  await m1.getByLabel("라이선스").fill("Llama 3.1 Community License");
  await expect(page.getByTestId("foreign-warning")).toContainText("해외 모델 미세조정만으로는 사업 취지에 맞지 않습니다");
  // A second model trained from scratch: the proposal is no longer fine-tune-only.
  await page.getByTestId("add-model").click();
  const m2 = page.getByTestId("model-1");
  await m2.getByLabel("모델 이름").fill("Tri-21B");
  await m2.getByLabel("파라미터 수").fill("-5");
  await m2.getByLabel("파라미터 수").blur();
  await expect(m2.getByText("0보다 큰 값을 입력하세요.")).toBeVisible();
  await m2.getByLabel("파라미터 수").fill("210억");
  await expect(m2).toContainText("= 21B 파라미터");
  await m2.getByLabel("아키텍처").fill("decoder-only transformer, 자체 토크나이저");
  await m2.getByLabel("개발 방식").selectOption("FROM_SCRATCH");
  await m2.getByLabel("자체 토크나이저를 개발합니다").check();
  await expect(page.getByTestId("foreign-warning")).toHaveCount(0);
  await page.screenshot(shot("proposal-models"));

  // 4. Plan, 6. declarations.
  await page.getByTestId("step-plan").click();
  await page.getByLabel("컴퓨팅 자원 확보·활용 계획").fill("H100 512장 자체 확보");
  await page.getByLabel("학습 데이터 확보·정제 계획").fill("국내 공공·민간 말뭉치 2조 토큰");
  await page.getByTestId("step-declarations").click();
  // The proposal's 개인정보 수집·이용 동의 states the four items of 개인정보 보호법 제15조② (decision 019).
  await expect(page.getByTestId("proposal-privacy-table").locator("th[scope=row]")).toHaveText(["수집 항목", "수집·이용 목적", "보유·이용 기간", "동의를 거부할 권리 및 거부 시 불이익"]);
  await expect(page.getByTestId("proposal-privacy-table")).toContainText("동의하지 않으면 제안서를 제출(접수)할 수 없습니다");
  for (const k of ["accurate", "noDuplicateFunding", "privacyConsent"]) await page.getByTestId(`decl-${k}`).check();
  await expect(page.getByTestId("save-state")).toContainText("저장됨", { timeout: 10_000 });

  // 5. Attachments: a PDF, and a renamed executable refused with a Korean message.
  await page.getByTestId("step-attachments").click();
  const plan = pdf("business plan");
  await page.getByTestId("upload-BUSINESS_PLAN").setInputFiles({ name: "사업계획서.pdf", mimeType: "application/pdf", buffer: plan });
  await expect(page.getByTestId("attachment-BUSINESS_PLAN")).toContainText("사업계획서.pdf");
  await expect(page.getByTestId("attachment-BUSINESS_PLAN")).toContainText(sha256(plan));
  await page.getByTestId("upload-CONSORTIUM_AGREEMENT").setInputFiles({ name: "협약서.pdf", mimeType: "application/pdf", buffer: Buffer.concat([Buffer.from("MZ"), Buffer.alloc(4096)]) });
  await expect(page.getByTestId("attachment-CONSORTIUM_AGREEMENT")).toContainText("PDF, HWP, HWPX, DOCX, XLSX 파일만 올릴 수 있습니다");
  await page.getByTestId("upload-CONSORTIUM_AGREEMENT").setInputFiles({ name: "협약서.pdf", mimeType: "application/pdf", buffer: pdf("agreement") });
  await expect(page.getByTestId("attachment-CONSORTIUM_AGREEMENT")).toContainText("협약서.pdf");
  await page.screenshot(shot("proposal-attachments"));

  // Two people editing: the partner saves first; the lead's next autosave gets 409 and is offered the partner's version.
  const current = await (await partner.api.get(`/api/v1/proposals/${proposalId}`)).json();
  const theirs = { ...current.draft, overview: { ...current.draft.overview, titleEn: "Korean sovereign foundation model (edited by partner)" } };
  expect((await partner.api.patch(`/api/v1/proposals/${proposalId}`, { headers: { "if-match": `"${current.draftVersion}"` }, data: { draft: theirs } })).status()).toBe(200);
  await page.getByTestId("step-overview").click();
  await page.getByLabel("과제 요약").fill("동시에 고친 요약");
  await expect(page.getByTestId("conflict")).toContainText("다른 사람이 먼저 저장했습니다", { timeout: 10_000 });
  await page.screenshot(shot("proposal-conflict"));
  await page.getByTestId("conflict-reload").click();
  await expect(page.getByLabel("과제명 (영문)")).toHaveValue("Korean sovereign foundation model (edited by partner)");
  await expect(page.getByLabel("과제 요약")).toHaveValue("구조 설계부터 학습·검증·최적화까지 전 주기를 자체 수행합니다.");

  // 7. Submit: ready, one click makes version 1 and the receipt.
  await page.getByTestId("step-submit").click();
  await expect(page.getByTestId("readiness")).toContainText("제출할 준비가 되었습니다.");
  await page.screenshot(shot("proposal-submit"));
  // It asks first, with a summary of what will be submitted; a double click on 제출 makes one version.
  await page.getByTestId("submit").click();
  await expect(page.getByTestId("submit-summary")).toContainText("이 내용으로 제출하시겠습니까?");
  await page.getByTestId("confirm-yes").dblclick();
  await expect(page).toHaveURL(new RegExp(`/proposals/${proposalId}/receipt/1$`));
  await expect(page.getByRole("heading", { name: "접수증", exact: true })).toBeVisible();
  const receiptNo = (await page.getByTestId("receipt-no").textContent())!.trim();
  expect(receiptNo).toMatch(/^\d{4}-\d{6}-01$/);
  await expect(page.getByTestId("receipt-time")).toContainText("KST");
  const shown = (await page.getByTestId("receipt-sha256").textContent())!.trim();
  const doc = await (await lead.api.get(`/api/v1/proposals/${proposalId}/versions/1`)).json();
  expect(sha256(canonicalize(doc)!)).toBe(shown);
  expect(doc.content.models.map((m: { approach: string }) => m.approach)).toEqual(["FINE_TUNED", "FROM_SCRATCH"]);
  // What was typed as "300억", "8B" and "210억" is stored and hashed as integers.
  expect(doc.content.overview.requestedBudgetKrw).toBe(30_000_000_000);
  expect(doc.content.models.map((m: { parameterCount: number }) => m.parameterCount)).toEqual([8_000_000_000, 21_000_000_000]);
  expect((await lead.api.get(`/api/v1/proposals/${proposalId}/versions/2`)).status()).toBe(404); // the double click made one version
  await page.screenshot(shot("receipt"));
  const mails = await (await admin.get(`/api/v1/admin/outbox?to=${encodeURIComponent(partner.email)}`)).json();
  expect(mails.mails[0].subject).toContain(receiptNo);

  // The cutoff passes (an admin moves it, confirming since a submission exists) while the page is open:
  // a click on "submit again" is refused by the server and the page says so; on reload it is read-only.
  await page.goto(`/proposals/${proposalId}`);
  await page.getByTestId("step-submit").click();
  await expect(page.getByTestId("submit")).toHaveText("다시 제출하기 (새 버전)");
  expect((await admin.patch(`/api/v1/admin/calls/${callId}`, { data: { closesAt: new Date(Date.now() - 1000).toISOString(), confirmCutoffChange: true } })).status()).toBe(200);
  await page.getByTestId("submit").click();
  await answerConfirm(page, "yes");
  await expect(page.getByTestId("form-error")).toHaveText("접수가 마감되어 더 이상 저장하거나 제출할 수 없습니다.");
  await page.goto(`/proposals/${proposalId}`);
  await expect(page.getByTestId("closed-banner")).toContainText("접수가 마감되었습니다");
  await expect(page.getByLabel("과제명 (국문)")).toBeDisabled();
  await expect(page.getByLabel("과제명 (국문)")).toHaveValue("한국어 특화 초거대 언어모델 개발");
  await page.getByTestId("step-submit").click();
  await expect(page.getByTestId("submit")).toHaveCount(0);
  await expect(page.getByTestId("versions")).toContainText(receiptNo);
  await page.screenshot(shot("proposal-closed"));
  const late = await lead.api.post(`/api/v1/proposals/${proposalId}/submit`, { headers: { "idempotency-key": crypto.randomUUID() } });
  expect(late.status()).toBe(403);
  expect((await late.json()).error.code).toBe("CALL_CLOSED");

  await lead.context.close();
  await partner.context.close();
  await admin.dispose();
});
