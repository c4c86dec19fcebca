import { expect, test } from "@playwright/test";
import { E2E_ADMIN, E2E_BASE_URL } from "./env";
import { adminClient, PASSWORD, signIn } from "./helpers";
import { createCall, submittedProposal } from "./fixtures";

const FOREIGN_FT = { name: "FT-8B", parameterCount: 8_000_000_000, architecture: "decoder-only", approach: "FINE_TUNED", baseModel: { name: "Llama 3.1 8B", developer: "Meta", country: "US", license: "Llama 3.1 Community License" } };

test("admin dashboard: status counts, requested budget against 1,936억 원, the approach split and the submission charts", async ({ browser }) => {
  test.setTimeout(180_000);
  const admin = await adminClient();
  // The cutoff two hours away, so today's submissions land in the last-6-hours chart too.
  const call = await createCall(admin, { title: "[E2E] 대시보드 공고", closesInMs: 2 * 3_600_000 });
  const mixed = await submittedProposal(admin, call.slug, { name: "혼합 방식 컨소시엄" }); // scratch + fine-tuned (US)
  await submittedProposal(admin, call.slug, { name: "미세조정 컨소시엄", models: [FOREIGN_FT] });

  const context = await browser.newContext({ baseURL: E2E_BASE_URL, locale: "ko-KR", timezoneId: "America/New_York" });
  await signIn(context.request, E2E_ADMIN.email, E2E_ADMIN.password);
  const page = await context.newPage();
  await page.goto(`/admin?call=${call.id}`);
  await expect(page.getByRole("heading", { level: 1, name: "대시보드" })).toBeVisible();
  await expect(page.getByTestId("dash-call")).toHaveAttribute("data-call-id", call.id);
  await expect(page.getByTestId("dash-picker-select")).toHaveValue(call.id);

  await expect(page.getByTestId("dash-status-SUBMITTED")).toHaveAttribute("data-count", "2");
  await expect(page.getByTestId("dash-status-DRAFT")).toHaveAttribute("data-count", "0");
  await expect(page.getByTestId("dash-status-WITHDRAWN")).toHaveAttribute("data-count", "0");
  await expect(page.getByTestId("dash-status-SUBMITTED")).toContainText("제출 완료");

  // Two requests of 300억 원 each, against the call's 1,936억 원.
  await expect(page.getByTestId("dash-budget-requested")).toHaveText("600억 원");
  await expect(page.getByTestId("dash-budget")).toContainText("1,936억 원");
  await expect(page.getByTestId("dash-budget")).toContainText("사업 예산의 31%");

  // Models: scratch 1, continued 0, fine-tuned 2 (both on a US base); one proposal only fine-tunes.
  await expect(page.getByTestId("dash-approach-FROM_SCRATCH")).toHaveAttribute("data-count", "1");
  await expect(page.getByTestId("dash-approach-FROM_SCRATCH")).toContainText("1개 (33%)");
  await expect(page.getByTestId("dash-approach-CONTINUED_PRETRAINING")).toHaveAttribute("data-count", "0");
  await expect(page.getByTestId("dash-approach-FINE_TUNED")).toHaveAttribute("data-count", "2");
  await expect(page.getByTestId("dash-approach-FINE_TUNED")).toContainText("그중 해외 기반 2개");
  await expect(page.getByTestId("dash-foreign-only")).toHaveText("1건 / 2건");
  await expect(page.getByTestId("dash-approach")).toContainText("스크래치 기반 모델을 우대");

  // Review progress: nothing assigned yet; links to the review console and the proposal list.
  await expect(page.getByTestId("dash-review-proposals")).toHaveAttribute("data-done", "0");
  await expect(page.getByTestId("dash-link-reviews")).toHaveAttribute("href", `/admin/reviews/${call.id}`);
  await expect(page.getByTestId("dash-link-proposals")).toHaveAttribute("href", `/admin/proposals?callId=${call.id}`);

  // Charts: today's bar per day holds both versions; the last 6 hours have bars and the cutoff line.
  const days = page.getByTestId("chart-days");
  await expect(days.locator("svg[role=img] title").first()).toHaveText("날짜별 제출 건수");
  const dayCounts = await days.getByTestId("chart-bar").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-count"))));
  expect(dayCounts.reduce((a, b) => a + b, 0)).toBe(2);
  const final = page.getByTestId("chart-final");
  expect(await final.getByTestId("chart-bar").count()).toBeGreaterThan(0);
  await expect(final.getByTestId("chart-cutoff")).toContainText("마감");
  await expect(final.locator(".sr-only table tbody tr")).toHaveCount(36);
  await page.screenshot({ path: "test-results/screens/admin-dashboard.png", fullPage: true });
  await page.getByTestId("dash-approach").screenshot({ path: "test-results/screens/admin-dashboard-approach.png" });
  await page.getByTestId("dash-submissions").screenshot({ path: "test-results/screens/admin-dashboard-charts.png" });

  // Someone who is not an admin (the applicant who submitted) gets 403 and the forbidden message.
  const applicant = await browser.newContext({ baseURL: E2E_BASE_URL, locale: "ko-KR" });
  await signIn(applicant.request, mixed.lead.email, PASSWORD);
  const other = await applicant.newPage();
  expect((await other.goto(`/admin?call=${call.id}`))!.status()).toBe(403);
  await expect(other.getByTestId("forbidden")).toBeVisible();
  await expect(other.getByTestId("dash-status")).toHaveCount(0);
  await applicant.close();
  await context.close();
});
