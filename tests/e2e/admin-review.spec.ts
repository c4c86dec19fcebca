import { expect, test, type Locator, type Page } from "@playwright/test";
import { E2E_ADMIN, E2E_BASE_URL } from "./env";
import { adminClient, signIn, fillKst } from "./helpers";
import { closeCall, createCall, REVIEWER_PASSWORD, reviewerClient, submittedProposal } from "./fixtures";

const shot = (name: string) => ({ path: `test-results/screens/admin-review-${name}.png`, fullPage: true });

// Integer scores per criterion (max 30/25/15/15/15, weights equal to the points), so a total is the sum.
const SCORES: Record<number, Record<string, number>> = {
  90: { independence: 27, technical: 23, consortium: 14, compute_data: 13, ecosystem: 13 },
  70: { independence: 21, technical: 18, consortium: 11, compute_data: 10, ecosystem: 10 },
  68: { independence: 20, technical: 17, consortium: 11, compute_data: 10, ecosystem: 10 },
  40: { independence: 12, technical: 10, consortium: 6, compute_data: 6, ecosystem: 6 },
};

type Reviewer = Awaited<ReturnType<typeof reviewerClient>>;

/** The reviewer declares no conflict and submits scores adding up to `total`, through the review API. */
async function review(r: Reviewer, proposalId: string, total: number) {
  const mine = (await (await r.ctx.get("/api/v1/review/assignments")).json()).assignments as { id: string; proposalId: string }[];
  const a = mine.find((x) => x.proposalId === proposalId);
  expect(a, `${r.name} is assigned`).toBeDefined();
  expect((await r.ctx.post(`/api/v1/review/assignments/${a!.id}/declaration`, { data: { noConflict: true, confidentiality: true } })).status()).toBe(200);
  const res = await r.ctx.put(`/api/v1/review/assignments/${a!.id}`, { data: { scores: SCORES[total], comment: "독자성과 실행 계획을 근거로 평가했습니다.", submit: true } });
  expect(res.status()).toBe(200);
  expect((await res.json()).total).toBe(total);
}

const rowIds = (page: Page) => page.getByTestId("ranking-row").evaluateAll((els) => els.map((e) => e.getAttribute("data-proposal-id")));

async function assignByHand(card: Locator, reviewerId: string, expectedRows: number) {
  await card.getByTestId("assign-reviewer").selectOption(reviewerId);
  await card.getByTestId("assign-submit").click();
  await expect(card.getByTestId("assign-notice")).toBeVisible();
  await expect(card.getByTestId("assignment-row")).toHaveCount(expectedRows);
}

/** A KST wall-clock time as a datetime-local value, and the instant it means. */
function kstInput(msFromNow: number) {
  const value = new Date(Date.now() + msFromNow + 9 * 3_600_000).toISOString().slice(0, 16);
  return { value, iso: new Date(`${value}:00+09:00`).toISOString() };
}

test("admin review console: assigns two reviewers by hand, is warned of a conflict, auto-assigns, and the ranking shows the trimmed mean, sorts and filters", async ({ browser }) => {
  test.setTimeout(300_000);
  const admin = await adminClient();
  const call = await createCall(admin, { title: "[E2E] 심사 관리 공고" });
  const p1 = await submittedProposal(admin, call.slug, {
    name: "스크래치 컨소시엄",
    models: [{ name: "S-21B", parameterCount: 21_000_000_000, architecture: "decoder-only", approach: "FROM_SCRATCH", ownTokenizer: true }],
  });
  const p2 = await submittedProposal(admin, call.slug, { name: "혼합 방식 컨소시엄" }); // scratch + foreign fine-tune
  const p3 = await submittedProposal(admin, call.slug, {
    name: "미세조정 컨소시엄",
    models: [{ name: "FT-8B", parameterCount: 8_000_000_000, architecture: "decoder-only", approach: "FINE_TUNED", baseModel: { name: "Llama 3.1 8B", developer: "Meta", country: "US", license: "Llama 3.1 Community License" } }],
  });
  await closeCall(admin, call.id);
  const r1 = await reviewerClient(admin, "김카이", "kaist.ac.kr");
  const r2 = await reviewerClient(admin, "이서울", "snu.ac.kr");
  const r3 = await reviewerClient(admin, "박포항", "postech.ac.kr");
  const rc = await reviewerClient(admin, "최충돌", "example.com"); // applicants in e2e are @example.com: conflicts with every proposal
  const mine = new Map([r1, r2, r3].map((r) => [r.id, r]));

  const context = await browser.newContext({ baseURL: E2E_BASE_URL, locale: "ko-KR", timezoneId: "America/New_York" });
  await signIn(context.request, E2E_ADMIN.email, E2E_ADMIN.password);
  const page = await context.newPage();

  // The call list, reached from the nav.
  await page.goto("/");
  await page.getByTestId("nav-admin").click();
  await page.getByTestId("nav-admin-reviews").click();
  await expect(page.getByRole("heading", { name: "심사 관리", level: 1 })).toBeVisible();
  const callRow = page.locator(`[data-testid="review-call-row"][data-call-id="${call.id}"]`);
  await expect(callRow.getByTestId("calls-proposals")).toHaveText("3");
  await expect(callRow.getByTestId("calls-assignments")).toHaveText("0");
  await page.screenshot(shot("calls"));
  await callRow.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/admin/reviews/${call.id}$`));
  await expect(page.getByTestId("progress-proposals")).toHaveText("3건");

  // The review round, typed in KST from a browser in New York; the UTC instant is shown as you type.
  const opens = kstInput(-3_600_000);
  const closes = kstInput(7 * 86_400_000);
  await fillKst(page, "round-opens", opens.value);
  await fillKst(page, "round-closes", closes.value);
  await expect(page.getByTestId("round-opens-utc")).toHaveText(`UTC 기준 ${opens.iso}`);
  await page.getByTestId("round-save").click();
  await expect(page.getByTestId("round-saved")).toHaveText("심사 기간을 저장했습니다.");
  await expect(page.getByTestId("round-state")).toHaveText("심사 중");
  const [hh, mm] = opens.value.slice(11).split(":");
  await expect(page.getByTestId("round-opens-at")).toContainText(`${hh}:${mm} KST`);
  const saved = (await (await admin.get(`/api/v1/admin/calls/${call.id}/ranking`)).json()).call;
  expect(saved).toMatchObject({ reviewOpensAt: opens.iso, reviewClosesAt: closes.iso });

  // R1 and R2 by hand on P1; the select shows each reviewer's load.
  const card1 = page.locator(`[data-testid="proposal-assignments"][data-proposal-id="${p1.proposalId}"]`);
  await expect(card1.getByTestId("assign-reviewer").locator(`option[value="${r1.id}"]`)).toHaveText(/김카이 · rev-.*@kaist\.ac\.kr · 배정 0건/);
  await assignByHand(card1, r1.id, 1);
  await assignByHand(card1, r2.id, 2);
  await expect(card1.getByTestId("assignment-row").first()).toHaveAttribute("data-source", "MANUAL");
  await expect(card1.getByTestId("assignment-row").first()).toContainText("수동");

  // RC conflicts (same e-mail domain as the applicants): warned, cancelled, nothing assigned.
  await card1.getByTestId("assign-reviewer").selectOption(rc.id);
  await card1.getByTestId("assign-submit").click();
  const warning = card1.getByTestId("conflict-warning");
  await expect(warning).toBeVisible();
  await expect(warning).toContainText("이해충돌 가능성이 있습니다");
  await expect(warning).toContainText("같은 이메일 도메인: example.com");
  await expect(warning.getByRole("button", { name: "이해충돌을 확인하고 배정" })).toBeVisible();
  await page.screenshot(shot("conflict-warning"));
  await warning.getByRole("button", { name: "취소" }).click();
  await expect(warning).toBeHidden();
  await expect(card1.getByTestId("assignment-row")).toHaveCount(2);

  // Automatic assignment, two per proposal: P1 is full already, P2 and P3 get two each, never RC.
  await page.getByTestId("auto-per-proposal").fill("2");
  await page.getByRole("button", { name: "심사위원 2명씩 자동 배정" }).click();
  const result = page.getByTestId("auto-result");
  await expect(result).toHaveAttribute("data-created", "4");
  await expect(result).toHaveAttribute("data-unfilled", "0");
  await expect(result).toContainText("심사위원 배정 4건을 새로 만들었습니다.");
  for (const p of [p2, p3]) {
    const rows = page.locator(`[data-testid="proposal-assignments"][data-proposal-id="${p.proposalId}"] [data-testid="assignment-row"]`);
    await expect(rows).toHaveCount(2);
    await expect(rows.first()).toHaveAttribute("data-source", "AUTO");
    await expect(page.locator(`[data-testid="proposal-assignments"][data-proposal-id="${p.proposalId}"] [data-reviewer-id="${rc.id}"]`)).toHaveCount(0);
  }
  await expect(card1.getByTestId("assignment-row")).toHaveCount(2);

  // R3 by hand on P1: three reviewers.
  await assignByHand(card1, r3.id, 3);
  await expect(page.getByTestId("progress-assignments")).toContainText("7건");

  // Scores: P1 90 / 70 / 40 → mean 66.67, trimmed mean 70 (only the middle stays), range 50 → flagged.
  // P2 68 from each of its reviewers we can sign in as (the reviewers auto-assignment chose are
  // ours unless other tests' reviewers share this database; then R3 is added by hand).
  await review(r1, p1.proposalId, 90);
  await review(r2, p1.proposalId, 70);
  await review(r3, p1.proposalId, 40);
  const before = (await (await admin.get(`/api/v1/admin/calls/${call.id}/ranking?sort=serial`)).json()).rows as { proposalId: string; reviewers: { reviewerId: string }[] }[];
  let p2Reviewers = before.find((r) => r.proposalId === p2.proposalId)!.reviewers.map((r) => mine.get(r.reviewerId)).filter((r) => r !== undefined);
  if (p2Reviewers.length === 0) {
    expect((await admin.post("/api/v1/admin/assignments", { data: { proposalId: p2.proposalId, reviewerId: r3.id } })).status()).toBe(201);
    p2Reviewers = [r3];
  }
  for (const r of p2Reviewers) await review(r, p2.proposalId, 68);

  // The ranking, server-rendered: default sort by trimmed mean.
  await page.reload();
  const row1 = page.locator(`[data-testid="ranking-row"][data-proposal-id="${p1.proposalId}"]`);
  await expect(row1.getByTestId("trimmed-mean")).toHaveText("70.00");
  await expect(row1.getByTestId("mean")).toHaveText("66.67");
  await expect(row1.getByTestId("rank")).toHaveText("1");
  await expect(row1.getByTestId("review-count")).toHaveText("3/3");
  await expect(row1.getByTestId("receipt-no")).toHaveText(p1.receipt.receiptNo);
  await expect(row1.getByTestId("disagreement-flag")).toHaveText("편차 큼 — 위원장 검토");
  await expect(row1.getByTestId("approaches")).toHaveText("스크래치");
  await expect(row1.getByTestId("reviewer-totals")).toContainText("90.00");
  await expect(row1.getByTestId("reviewer-totals")).toContainText("40.00");
  await expect(row1).toContainText("300억 원");
  const row2 = page.locator(`[data-testid="ranking-row"][data-proposal-id="${p2.proposalId}"]`);
  await expect(row2.getByTestId("trimmed-mean")).toHaveText("68.00");
  await expect(row2.getByTestId("rank")).toHaveText("2");
  await expect(row2.getByTestId("disagreement-flag")).toHaveCount(0);
  const row3 = page.locator(`[data-testid="ranking-row"][data-proposal-id="${p3.proposalId}"]`);
  await expect(row3.getByTestId("trimmed-mean")).toHaveText("—");
  await expect(row3.getByTestId("foreign-flag")).toBeVisible();
  expect(await rowIds(page)).toEqual([p1.proposalId, p2.proposalId, p3.proposalId]);
  await expect(page.getByTestId("progress-submitted")).toHaveAttribute("data-done", String(3 + p2Reviewers.length));
  await page.screenshot(shot("console"));

  // Sorting by mean puts P2 (68) above P1 (66.67); the URL carries it.
  await page.getByTestId("sort-mean").getByRole("link").click();
  await expect(page).toHaveURL(/[?&]sort=mean/);
  await expect(page.getByTestId("ranking-table")).toHaveAttribute("data-sort", "mean");
  expect(await rowIds(page)).toEqual([p2.proposalId, p1.proposalId, p3.proposalId]);
  await expect(page.getByTestId("sort-mean")).toHaveAttribute("aria-sort", "descending");

  // Scratch-only through the filter form: only P1; survives a reload.
  await page.getByTestId("filter-approach").selectOption("SCRATCH_ONLY");
  await page.getByTestId("filter-apply").click();
  await expect(page).toHaveURL(/approach=SCRATCH_ONLY/);
  await expect(page).toHaveURL(/sort=mean/);
  await expect(page.getByTestId("ranking-row")).toHaveCount(1);
  expect(await rowIds(page)).toEqual([p1.proposalId]);
  await page.reload();
  expect(await rowIds(page)).toEqual([p1.proposalId]);
  await expect(page.getByTestId("filter-approach")).toHaveValue("SCRATCH_ONLY");
  await page.getByTestId("ranking-table").screenshot({ path: "test-results/screens/admin-review-ranking-scratch-only.png" });

  // A shared link: foreign fine-tune only → P3; disagreement only → P1.
  await page.goto(`/admin/reviews/${call.id}?approach=FOREIGN_FINE_TUNE_ONLY#ranking`);
  expect(await rowIds(page)).toEqual([p3.proposalId]);
  await page.goto(`/admin/reviews/${call.id}?disagreementOnly=true#ranking`);
  expect(await rowIds(page)).toEqual([p1.proposalId]);
  await expect(page.getByTestId("filter-disagreement")).toBeChecked();

  // Acknowledging a conflict assigns RC to P3 by hand, marked; unassigning (after a confirmation) takes it back.
  const card3 = page.locator(`[data-testid="proposal-assignments"][data-proposal-id="${p3.proposalId}"]`);
  await card3.getByTestId("assign-reviewer").selectOption(rc.id);
  await card3.getByTestId("assign-submit").click();
  await card3.getByTestId("conflict-warning").getByRole("button", { name: "이해충돌을 확인하고 배정" }).click();
  const rcRow = card3.locator(`[data-testid="assignment-row"][data-reviewer-id="${rc.id}"]`);
  await expect(rcRow.getByTestId("conflict-marker")).toContainText("경고 확인 후 배정");
  await expect(rcRow).toHaveAttribute("data-source", "MANUAL");
  await expect(card3.getByTestId("assignment-row")).toHaveCount(3);
  await card3.screenshot({ path: "test-results/screens/admin-review-acknowledged.png" });
  await rcRow.getByTestId("unassign").click();
  await rcRow.getByTestId("unassign-confirm").click();
  await expect(card3.getByTestId("assignment-row")).toHaveCount(2);
  await expect(rcRow).toHaveCount(0);

  // Clearing the review round leaves it open-ended.
  await page.getByTestId("round-clear").click();
  await expect(page.getByTestId("round-saved")).toContainText("심사 기간을 지웠습니다.");
  await expect(page.getByTestId("round-opens-at")).toHaveText("정하지 않음 (제한 없음)");
  await expect(page.getByTestId("round-closes-at")).toHaveText("정하지 않음 (제한 없음)");
  expect((await (await admin.get(`/api/v1/admin/calls/${call.id}/ranking`)).json()).call).toMatchObject({ reviewOpensAt: null, reviewClosesAt: null });

  // English, same figures.
  await context.addCookies([{ name: "locale", value: "en", url: E2E_BASE_URL }]);
  await page.goto(`/admin/reviews/${call.id}`);
  await expect(page.getByRole("heading", { name: "Ranking" })).toBeVisible();
  await expect(row1.getByTestId("trimmed-mean")).toHaveText("70.00");
  await expect(row1.getByTestId("disagreement-flag")).toHaveText("Wide spread — chair review");
  await expect(row1).toContainText("KRW 30 billion");
  await page.screenshot(shot("en"));
  await context.addCookies([{ name: "locale", value: "ko", url: E2E_BASE_URL }]);

  // 375 px wide: nothing but the tables' own wrappers scrolls sideways.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(`/admin/reviews/${call.id}`);
  await expect(page.getByTestId("ranking-table")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.screenshot(shot("mobile"));

  // A reviewer is no admin: 403 with the forbidden notice, and no nav link.
  const reviewerContext = await browser.newContext({ baseURL: E2E_BASE_URL, locale: "ko-KR", timezoneId: "America/New_York" });
  await signIn(reviewerContext.request, r1.email, REVIEWER_PASSWORD);
  const rp = await reviewerContext.newPage();
  for (const path of ["/admin/reviews", `/admin/reviews/${call.id}`]) {
    expect((await rp.goto(path))!.status(), path).toBe(403);
    await expect(rp.getByTestId("forbidden")).toHaveText("이 작업을 할 권한이 없습니다.");
    await expect(rp.getByTestId("ranking-table")).toHaveCount(0);
  }
  await expect(rp.getByTestId("nav-admin-reviews")).toHaveCount(0);
  await rp.screenshot(shot("forbidden"));

  await reviewerContext.close();
  await context.close();
  for (const c of [admin, r1.ctx, r2.ctx, r3.ctx, rc.ctx, p1.lead.ctx, p1.partner.ctx, p2.lead.ctx, p2.partner.ctx, p3.lead.ctx, p3.partner.ctx]) await c.dispose();
});
