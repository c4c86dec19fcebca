import crypto from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { E2E_BASE_URL } from "./env";
import { adminClient, answerConfirm, PASSWORD, signIn } from "./helpers";
import { closeCall, createCall, REVIEWER_PASSWORD, reviewerClient, submittedProposal } from "./fixtures";

const shot = (name: string) => ({ path: `test-results/screens/review-${name}.png`, fullPage: true });

const FOREIGN_FINE_TUNE = [
  { name: "FT-8B", parameterCount: 8_000_000_000, architecture: "decoder-only", approach: "FINE_TUNED", baseModel: { name: "Llama 3.1 8B", developer: "Meta", country: "US", license: "Llama 3.1 Community License" } },
];

/** A browser context signed in as `email` (its request shares cookies with its pages). */
async function signedInPage(browser: Browser, email: string, password: string, viewport?: { width: number; height: number }) {
  const context = await browser.newContext({ baseURL: E2E_BASE_URL, locale: "ko-KR", timezoneId: "America/New_York", ...(viewport ? { viewport } : {}) });
  const res = await signIn(context.request, email, password);
  expect(res.status()).toBeLessThan(400);
  const page = await context.newPage();
  page.on("dialog", (d) => void d.accept());
  return { context, page };
}

async function noHorizontalScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(await page.evaluate(() => window.innerWidth));
}

test("reviewer workspace: list with the flag, declaration first, approach panel, scoring with a live total, others' scores only after one's own, conflict, not found, forbidden", async ({ browser }) => {
  test.setTimeout(240_000);
  const tag = crypto.randomBytes(2).toString("hex");
  const admin = await adminClient();
  const call = await createCall(admin);
  const scratch = await submittedProposal(admin, call.slug, { name: `스크래치 컨소시엄 ${tag}` });
  const flagged = await submittedProposal(admin, call.slug, { name: `미세조정 컨소시엄 ${tag}`, models: FOREIGN_FINE_TUNE });
  await closeCall(admin, call.id);
  const r1 = await reviewerClient(admin, "심사위원 일", "kaist.ac.kr");
  const r2 = await reviewerClient(admin, "심사위원 이", "snu.ac.kr");
  const outsider = await reviewerClient(admin, "미배정 심사위원", "postech.ac.kr");
  for (const [p, r] of [[scratch, r1], [flagged, r1], [flagged, r2]] as const) {
    expect((await admin.post("/api/v1/admin/assignments", { data: { proposalId: p.proposalId, reviewerId: r.id } })).status()).toBe(201);
  }

  // 1. The list: both assignments, the flag on one, new.
  const { context, page } = await signedInPage(browser, r1.email, REVIEWER_PASSWORD);
  await page.goto("/");
  await page.getByTestId("nav-review").click();
  await expect(page).toHaveURL(/\/review$/);
  await expect(page.getByRole("heading", { name: "심사 업무" })).toBeVisible();
  const rows = page.getByTestId("assignment-row");
  await expect(rows).toHaveCount(2);
  const flaggedRow = rows.filter({ hasText: `미세조정 컨소시엄 ${tag}` });
  const scratchRow = rows.filter({ hasText: `스크래치 컨소시엄 ${tag}` });
  await expect(flaggedRow.getByTestId("flag-badge")).toHaveText("해외 모델 미세조정만으로 구성");
  await expect(scratchRow.getByTestId("flag-badge")).toHaveCount(0);
  await expect(flaggedRow).toContainText(flagged.receipt.receiptNo);
  await expect(flaggedRow.getByTestId("assignment-state")).toHaveText("새 배정");
  await expect(flaggedRow).toContainText(/KST/);
  await page.screenshot(shot("list"));

  // 2. Opening it asks for the declaration first; unticked boxes are refused in Korean.
  await flaggedRow.getByRole("link").click();
  await expect(page).toHaveURL(/\/review\/assignments\/[0-9a-f-]{36}$/);
  const assignmentUrl = new URL(page.url()).pathname;
  const declaration = page.getByTestId("declaration-form");
  await expect(declaration).toBeVisible();
  await expect(page.getByTestId("approach-panel")).toHaveCount(0);
  await expect(declaration).toContainText(`미세조정 컨소시엄 ${tag}`);
  await expect(page.getByTestId("decl-recorded")).toContainText("IP 주소");
  await page.getByTestId("sign-declaration").click();
  await expect(declaration.getByText("서약하려면 이 항목을 확인해야 합니다.")).toHaveCount(2);
  await expect(page.getByTestId("decl-noConflict")).toHaveAttribute("aria-invalid", "true");
  await page.screenshot(shot("declaration"));
  await page.getByLabel(/이해관계.*없습니다/).check();
  await page.getByLabel(/외부에 알리거나/).check();
  await page.getByTestId("sign-declaration").click();

  // 3. The proposal as submitted: the approach panel makes the foreign fine-tune obvious.
  const panel = page.getByTestId("approach-panel");
  await expect(panel).toBeVisible();
  await expect(page.getByTestId("version-sha256")).toHaveText(flagged.receipt.sha256);
  await expect(page.getByTestId("receipt-no")).toHaveText(flagged.receipt.receiptNo);
  await expect(page.getByTestId("requested-budget")).toHaveText("300억 원");
  await expect(panel.getByTestId("flag-foreign")).toContainText("해외 모델 미세조정만으로 구성된 제안서");
  await expect(panel.getByTestId("flag-foreign")).toContainText("사업 취지에 맞지 않습니다");
  await expect(panel.getByTestId("model-card")).toHaveCount(1);
  await expect(panel.getByTestId("model-approach")).toHaveText("기존 모델 미세조정");
  const base = panel.getByTestId("base-model");
  for (const text of ["Llama 3.1 8B", "Meta", "미국 (US)", "Llama 3.1 Community License", "해외 기반 모델"]) await expect(base).toContainText(text);
  await expect(page.getByTestId("organizations")).toContainText("주관기관");
  const link = page.getByTestId("attachment-link").first();
  const file = await context.request.get((await link.getAttribute("href"))!);
  expect(file.status()).toBe(200);
  await expect(page.getByTestId("attachments")).toContainText(file.headers()["x-content-sha256"]!);
  await expect(page.getByTestId("other-reviews")).toContainText("내 심사를 제출한 뒤에 볼 수 있습니다");

  // 4. Scoring: an out-of-range score is refused by the shared schema, in Korean, before any request.
  await expect(page.getByLabel("모델 독자성 (0–30점, 가중치 30)")).toBeVisible();
  const independence = page.getByTestId("score-independence");
  await independence.fill("31");
  await independence.blur();
  await expect(page.getByText("점수는 0점부터 그 항목의 배점까지 정수로 입력하세요.")).toBeVisible();
  await expect(independence).toHaveAttribute("aria-invalid", "true");
  await page.getByTestId("scoring").screenshot({ path: "test-results/screens/review-score-error.png" });
  await expect(page.getByTestId("review-total")).toHaveText("0 / 100점"); // 31 does not count
  await independence.fill("24");
  await page.getByTestId("score-technical").fill("20");
  await expect(page.getByTestId("review-total")).toHaveText("44 / 100점");
  await expect(independence).toHaveAttribute("aria-invalid", "false");

  // A draft may leave criteria and the comment empty.
  await page.getByTestId("save-draft").click();
  await expect(page.getByTestId("review-state")).toHaveAttribute("data-state", "SAVED");
  await expect(page.getByTestId("review-state")).toContainText(/임시 저장됨 · .*\d\d:\d\d:\d\d KST/);
  await page.reload();
  await expect(page.getByTestId("score-independence")).toHaveValue("24");
  await expect(page.getByTestId("review-total")).toHaveText("44 / 100점");
  await page.goto("/review");
  await expect(rows.filter({ hasText: `미세조정 컨소시엄 ${tag}` }).getByTestId("assignment-state")).toHaveText("작성 중");
  await page.goto(assignmentUrl);

  // Submitting needs every criterion and a comment.
  await page.getByTestId("submit-review").click();
  await expect(page.getByText("심사 의견을 10자 이상 적어 주세요.")).toBeVisible();
  await expect(page.getByTestId("score-consortium")).toHaveAttribute("aria-invalid", "true");
  await page.getByTestId("score-consortium").fill("12");
  await page.getByTestId("score-compute_data").fill("12");
  await page.getByTestId("score-ecosystem").fill("9");
  await expect(page.getByTestId("review-total")).toHaveText("77 / 100점");
  await page.getByTestId("review-comment").fill("해외 기반 모델의 미세조정만으로 구성되어 독자성이 낮습니다. 데이터 계획은 구체적입니다.");
  await page.screenshot(shot("proposal-form"));
  await page.getByTestId("submit-review").click();
  await answerConfirm(page, "yes", "총점 77점으로 심사를 제출합니다.");
  await expect(page.getByTestId("review-state")).toHaveAttribute("data-state", "SUBMITTED");
  await expect(page.getByTestId("review-state")).toContainText(/제출 완료 · .*KST/);
  await expect(page.getByTestId("review-total")).toHaveText("77 / 100점");
  await expect(page.getByTestId("save-draft")).toHaveCount(0);
  await expect(page.getByTestId("submit-review")).toHaveText("수정하여 다시 제출");
  const others = page.getByTestId("other-reviews");
  await expect(others).toHaveAttribute("data-state", "none");
  await expect(others).toContainText("아직 심사를 제출한 다른 심사위원이 없습니다");
  await page.screenshot(shot("submitted"));

  // 5. R2 submits through the API; R1 sees 심사위원 A, not a name.
  const id2 = (await (await r2.ctx.get("/api/v1/review/assignments")).json()).assignments[0].id;
  expect((await r2.ctx.post(`/api/v1/review/assignments/${id2}/declaration`, { data: { noConflict: true, confidentiality: true } })).status()).toBe(200);
  const r2Review = await r2.ctx.put(`/api/v1/review/assignments/${id2}`, { data: { scores: { independence: 15, technical: 20, consortium: 10, compute_data: 10, ecosystem: 10 }, comment: "스크래치 요소가 없어 사업 취지와 거리가 있습니다.", submit: true } });
  expect(r2Review.status()).toBe(200);
  expect((await r2Review.json()).total).toBe(65);
  await page.reload();
  await expect(others).toHaveAttribute("data-state", "shown");
  await expect(others).toContainText("심사위원 A");
  await expect(others).not.toContainText("심사위원 이");
  await expect(page.getByTestId("other-A-independence")).toHaveText("15");
  await expect(page.getByTestId("other-A-total")).toHaveText("65");
  await expect(page.getByTestId("other-A")).toContainText("스크래치 요소가 없어");
  await page.screenshot(shot("others"));

  // 5b. Decision 015: having read the others', R1 may change the review only with a written reason,
  // which the admins' ranking shows beside both totals.
  await expect(page.getByTestId("revision")).toContainText("수정 사유를 적어야");
  await page.getByTestId("score-ecosystem").fill("5");
  await page.getByTestId("submit-review").click();
  await answerConfirm(page, "yes", "고친 심사를 다시 제출합니다.");
  await expect(page.getByText("다른 심사위원의 평가를 읽은 뒤에 고치려면 수정 사유를 20자 이상 적으세요.")).toBeVisible();
  await page.getByTestId("revision-reason").fill("생태계 기여 계획의 공개 범위를 다시 읽고 점수를 낮춥니다.");
  await page.getByTestId("submit-review").click();
  await answerConfirm(page, "yes");
  await expect(page.getByTestId("review-notice")).toHaveText("심사를 제출했습니다.");
  const rankingPage = await admin.get(`/admin/reviews/${call.id}`);
  const rankingHtml = await rankingPage.text();
  expect(rankingHtml).toContain("열람 후 수정 1건");
  expect(rankingHtml).toMatch(/수정: 77(\.00)? → \d+(\.\d+)?점 · 사유: 생태계 기여 계획의 공개 범위를 다시 읽고 점수를 낮춥니다\./);
  // R2 (who has not read R1's yet) sees the mark and the reason under R1's review, by letter.
  const r2Others = await (await r2.ctx.get(`/api/v1/review/assignments/${id2}/reviews`)).json();
  expect(r2Others.reviews[0].revisions[0].reason).toBe("생태계 기여 계획의 공개 범위를 다시 읽고 점수를 낮춥니다.");

  // 6. At 375 px the proposal and the form fit the screen.
  const mobile = await signedInPage(browser, r1.email, REVIEWER_PASSWORD, { width: 375, height: 800 });
  await mobile.page.goto(assignmentUrl);
  await expect(mobile.page.getByTestId("approach-panel")).toBeVisible();
  await expect(mobile.page.getByTestId("other-reviews")).toHaveAttribute("data-state", "shown");
  await noHorizontalScroll(mobile.page);
  await mobile.page.screenshot(shot("mobile-proposal"));
  await mobile.page.goto("/review");
  await noHorizontalScroll(mobile.page);
  await mobile.page.screenshot(shot("mobile-list"));
  // English second: the same page through the locale switch.
  await mobile.page.getByTestId("locale-switch").click();
  await expect(mobile.page.getByRole("heading", { name: "My reviews" })).toBeVisible();
  await mobile.page.goto(assignmentUrl);
  await expect(mobile.page.getByTestId("flag-foreign")).toContainText("Foreign fine-tuning only");
  await expect(mobile.page.getByLabel("Independence (0–30 points, weight 30)")).toHaveValue("24");
  await expect(mobile.page.getByTestId("model-approach")).toHaveText("Fine-tuning of a base model");
  await expect(mobile.page.getByTestId("other-reviews")).toContainText("Reviewer A");
  await mobile.context.close();

  // 7. A conflict on the other proposal ends that assignment: it leaves the list.
  await page.goto("/review");
  await expect(rows.filter({ hasText: `미세조정 컨소시엄 ${tag}` }).getByTestId("assignment-state")).toHaveText("제출 완료");
  await rows.filter({ hasText: `스크래치 컨소시엄 ${tag}` }).getByRole("link").click();
  await expect(page.getByTestId("declaration-form")).toBeVisible();
  const conflictUrl = new URL(page.url()).pathname;
  await page.getByTestId("conflict-section").locator("summary").click();
  await page.getByLabel("신고 사유").fill("짧음");
  await page.getByTestId("declare-conflict").click();
  await expect(page.getByTestId("conflict-form").locator(".field-error:not(:empty)")).toBeVisible();
  await page.getByLabel("신고 사유").fill("참여기관 대학교에 겸임교수로 재직 중입니다.");
  await page.getByTestId("declare-conflict").click();
  await expect(page).toHaveURL(/\/review\?notice=conflict$/);
  await expect(page.getByTestId("review-notice")).toContainText("이해충돌을 신고했습니다");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`미세조정 컨소시엄 ${tag}`);
  await page.goto(conflictUrl);
  await expect(page.getByTestId("not-found")).toBeVisible();

  // 8. An unassigned reviewer gets not-found; an applicant gets forbidden and no nav link.
  const out = await signedInPage(browser, outsider.email, REVIEWER_PASSWORD);
  await out.page.goto(assignmentUrl);
  await expect(out.page.getByTestId("not-found")).toBeVisible();
  await expect(out.page.getByRole("heading", { name: "배정된 심사를 찾을 수 없습니다" })).toBeVisible();
  await expect(out.page.getByText("FT-8B")).toHaveCount(0);
  await out.page.goto("/review");
  await expect(out.page.getByTestId("assignments-empty")).toBeVisible();
  await out.context.close();

  const applicant = await signedInPage(browser, flagged.lead.email, PASSWORD);
  expect((await applicant.page.goto("/review"))!.status()).toBe(403);
  await expect(applicant.page.getByTestId("forbidden")).toHaveText("이 작업을 할 권한이 없습니다.");
  await expect(applicant.page.getByTestId("nav-review")).toHaveCount(0);
  expect((await applicant.page.goto(assignmentUrl))!.status()).toBe(403);
  await expect(applicant.page.getByTestId("forbidden")).toBeVisible();
  await applicant.context.close();

  // 9. Once the review round has closed the form is read-only; the others' scores stay visible.
  expect((await admin.patch(`/api/v1/admin/calls/${call.id}`, { data: { reviewClosesAt: new Date(Date.now() - 1000).toISOString() } })).status()).toBe(200);
  await page.goto(assignmentUrl);
  await expect(page.getByTestId("review-read-only")).toContainText(/심사 기간이 .*KST에 끝났습니다/);
  await expect(page.getByTestId("score-independence")).toBeDisabled();
  await expect(page.getByTestId("score-independence")).toHaveValue("24");
  await expect(page.getByTestId("submit-review")).toHaveCount(0);
  await expect(page.getByTestId("other-reviews")).toHaveAttribute("data-state", "shown");

  // 10. A proposal of a call still open: the declaration can be signed, the contents wait for the cutoff.
  const openCall = await createCall(admin);
  const early = await submittedProposal(admin, openCall.slug, { name: `마감 전 컨소시엄 ${tag}` });
  expect((await admin.post("/api/v1/admin/assignments", { data: { proposalId: early.proposalId, reviewerId: r1.id } })).status()).toBe(201);
  await page.goto("/review");
  await rows.filter({ hasText: `마감 전 컨소시엄 ${tag}` }).getByRole("link").click();
  await page.getByTestId("decl-noConflict").check();
  await page.getByTestId("decl-confidentiality").check();
  await page.getByTestId("sign-declaration").click();
  await expect(page.getByTestId("review-not-open")).toContainText("아직 마감되지 않았습니다");
  await expect(page.getByTestId("approach-panel")).toHaveCount(0);
  await expect(page.getByTestId("scoring")).toHaveCount(0);

  await context.close();
  for (const c of [admin, r1.ctx, r2.ctx, outsider.ctx, scratch.lead.ctx, scratch.partner.ctx, flagged.lead.ctx, flagged.partner.ctx, early.lead.ctx, early.partner.ctx]) await c.dispose();
});
