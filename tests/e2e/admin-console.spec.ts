import crypto from "node:crypto";
import fs from "node:fs";
import { parse } from "csv-parse/sync";
import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN, E2E_BASE_URL } from "./env";
import { adminClient, fillKst, PASSWORD, signIn, verifiedApplicant } from "./helpers";
import { createCall, submittedProposal } from "./fixtures";
import { fullDraft } from "../support/builders";

// Issue 12 items 14–15, as an admin uses the console: the export scope on 제안서 관리, the version diff's
// labels and word marks, the audit log's names, the users and outbox lists, the dashboard's picker and
// the call form's 24-hour KST time in an en-US browser.

const SCRATCH = [{ name: "S-21B", parameterCount: 21_000_000_000, architecture: "decoder-only", approach: "FROM_SCRATCH", ownTokenizer: true }];
const screens = "test-results/screens";

async function adminPage(browser: import("@playwright/test").Browser, opts: { locale?: string; width?: number } = {}) {
  const context = await browser.newContext({ baseURL: E2E_BASE_URL, locale: opts.locale ?? "ko-KR", timezoneId: "America/New_York", viewport: { width: opts.width ?? 1366, height: 900 } });
  await signIn(context.request, E2E_ADMIN.email, E2E_ADMIN.password);
  return { context, page: await context.newPage() };
}

const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

test("제안서 관리: one form; the export card states its scope, waits for 조회, and the CSV holds exactly those rows; the diff and the audit log read in Korean", async ({ browser }) => {
  test.setTimeout(300_000);
  const admin = await adminClient();
  const title = `[E2E] 내보내기 범위 ${crypto.randomBytes(3).toString("hex")}`;
  const call = await createCall(admin, { title });
  const scratch = await submittedProposal(admin, call.slug, { name: "범위 스크래치 컨소시엄", models: SCRATCH });
  await submittedProposal(admin, call.slug, { name: "범위 혼합 컨소시엄" }); // scratch + foreign fine-tune
  // The scratch consortium resubmits with a longer summary: the diff has word marks.
  const api = scratch.lead.ctx;
  const cur = await (await api.get(`/api/v1/proposals/${scratch.proposalId}`)).json();
  const draft = fullDraft({ models: SCRATCH });
  draft.overview.summary = "스크래치부터 직접 학습하는 한국어 모델";
  expect((await api.patch(`/api/v1/proposals/${scratch.proposalId}`, { headers: { "if-match": `"${cur.draftVersion}"` }, data: { draft } })).status()).toBe(200);
  const v2 = await api.post(`/api/v1/proposals/${scratch.proposalId}/submit`, { headers: { "idempotency-key": crypto.randomUUID() } });
  expect(v2.status()).toBe(201);
  const receiptNo = (await v2.json()).receiptNo as string;

  const { context, page } = await adminPage(browser);
  await page.goto("/admin/proposals");
  const card = page.getByTestId("export-card");
  const csv = page.getByTestId("export-proposals-csv");
  await expect(card).toHaveAttribute("data-stale", "false");
  const firstCall = await card.getAttribute("data-call-id");
  expect(firstCall).not.toBe(call.id);

  // Choosing another call and a condition: the card keeps stating what is applied, and stops.
  await page.getByTestId("filter-call").selectOption(call.id);
  await expect(card).toHaveAttribute("data-stale", "true");
  await expect(page.getByTestId("export-stale")).toContainText("‘조회’를 눌러");
  await expect(csv).toBeDisabled();
  await expect(page.getByTestId("export-proposals-xlsx")).toBeDisabled();
  await expect(page.getByTestId("export-scope-call")).not.toContainText(title);
  await page.getByTestId("filter-approach").selectOption("SCRATCH_ONLY");
  await expect(csv).toBeDisabled();
  await page.screenshot({ path: `${screens}/admin-console-export-stale.png`, fullPage: true });

  // 조회 applies both: the select keeps the chosen call, the card states the new scope.
  await page.getByTestId("filter-apply").click();
  await expect(page).toHaveURL(new RegExp(`callId=${call.id}.*approach=SCRATCH_ONLY|approach=SCRATCH_ONLY.*callId=${call.id}`));
  await expect(page.getByTestId("filter-call")).toHaveValue(call.id);
  await expect(card).toHaveAttribute("data-stale", "false");
  await expect(card).toHaveAttribute("data-call-id", call.id);
  await expect(page.getByTestId("export-scope-call")).toHaveText(title);
  await expect(page.getByTestId("export-scope-filters")).toContainText("모델 개발 방식: 스크래치만");
  await expect(page.getByTestId("export-scope-rows")).toHaveText("제안서 1건");
  await expect(page.getByTestId("proposal-row")).toHaveCount(1);
  await expect(csv).toBeEnabled();

  // Typing a search makes it stale again; putting it back makes it current.
  await page.getByTestId("filter-q").fill("다른 이름");
  await expect(csv).toBeDisabled();
  await page.getByTestId("filter-q").fill("");
  await expect(csv).toBeEnabled();

  // Screens of the card at 1366 and 390 px.
  await card.screenshot({ path: `${screens}/admin-console-export-card-1366.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(card).toBeVisible();
  expect(await noSidewaysScroll(page)).toBe(true);
  await card.screenshot({ path: `${screens}/admin-console-export-card-390.png` });
  await page.setViewportSize({ width: 1366, height: 900 });

  // The CSV holds exactly the stated rows.
  const downloading = page.waitForEvent("download");
  await csv.click();
  const download = await downloading;
  await expect(page.getByTestId("export-notice")).toContainText("저장 완료");
  const rows = parse(fs.readFileSync((await download.path())!), { bom: true, columns: true }) as Record<string, string>[];
  expect(rows).toHaveLength(Number(await card.getAttribute("data-rows")));
  expect(rows.map((r) => r["접수번호"])).toEqual([receiptNo]);

  // The version diff: field labels, not JSON paths, and word marks in the long text.
  await page.getByTestId("proposal-link").first().click();
  await expect(page).toHaveURL(new RegExp(`/admin/proposals/${scratch.proposalId}$`));
  const changes = page.locator('[data-testid="version-card"][data-version="2"] [data-testid="diff-table"]');
  const summary = changes.locator('[data-testid="diff-row"][data-path="content.overview.summary"]');
  await expect(summary.getByTestId("diff-label")).toHaveText("과제 요약");
  await expect(summary.getByTestId("diff-ins")).toHaveText(["직접 ", "한국어 "]);
  await expect(summary.locator("td.diff-before")).toHaveText("스크래치부터 학습하는 모델");
  await expect(summary.locator("td.diff-after")).toHaveText("스크래치부터 직접 학습하는 한국어 모델");
  await expect(changes).not.toContainText("content.");
  await summary.screenshot({ path: `${screens}/admin-console-diff.png` });

  // The audit log: Korean action names, details as labelled text.
  await page.goto(`/admin/audit?entityType=CALL&entityId=${call.id}`);
  const actions = page.getByTestId("audit-action");
  await expect(actions.first()).toHaveText("내보내기 다운로드");
  await expect(actions.last()).toHaveText("공고 생성");
  const details = page.getByTestId("audit-row").first().getByTestId("audit-details");
  await expect(details).toContainText("행 수");
  await expect(details).toContainText("조건 · 개발 방식");
  await expect(details).not.toContainText("{");
  await page.screenshot({ path: `${screens}/admin-console-audit.png`, fullPage: true });
  await context.close();
  await admin.dispose();
});

test("users and outbox: filters and pages on the server; hostile parameters show the defaults; non-admins get 403", async ({ browser }) => {
  test.setTimeout(240_000);
  const admin = await adminClient();
  const tag = `pg${crypto.randomBytes(3).toString("hex")}`;
  for (let i = 0; i < 11; i++) {
    const r = await admin.post("/api/v1/admin/users", { data: { email: `${tag}-${i}@kaist.ac.kr`, name: `페이지 심사위원 ${i}`, roles: ["REVIEWER"], locale: "ko" } });
    expect(r.status()).toBe(201);
  }
  const { context, page } = await adminPage(browser);

  await page.goto("/admin/users");
  await page.getByTestId("users-q").fill(tag);
  await page.getByTestId("users-role").selectOption("REVIEWER");
  await page.getByTestId("users-state").selectOption("unverified");
  await page.getByTestId("users-page-size").selectOption("10");
  await page.getByTestId("users-apply").click();
  await expect(page.getByTestId("users-count")).toHaveText("11건 중 1–10번째");
  await expect(page.getByTestId("user-row")).toHaveCount(10);
  await expect(page.getByTestId("users-pager-page")).toHaveText("1 / 2쪽");
  const firstPage = await page.getByTestId("user-row").evaluateAll((els) => els.map((e) => e.getAttribute("data-email")));
  await page.getByTestId("users-pager-next").click();
  await expect(page.getByTestId("users-count")).toHaveText("11건 중 11–11번째");
  await expect(page.getByTestId("user-row")).toHaveCount(1);
  expect(firstPage).not.toContain(await page.getByTestId("user-row").getAttribute("data-email"));
  await expect(page.getByTestId("users-role")).toHaveValue("REVIEWER");
  await page.getByTestId("users-role").selectOption("ADMIN");
  await page.getByTestId("users-apply").click();
  await expect(page.getByTestId("user-row")).toHaveCount(0);
  await page.screenshot({ path: `${screens}/admin-console-users.png`, fullPage: true });
  for (const bad of ["page=-1", "pageSize=9999", "role=ROOT", "q=%00", "page=2&page=3", "state=%3Cscript%3E"]) {
    const res = await page.goto(`/admin/users?${bad}`);
    expect(res!.status(), bad).toBe(200);
    await expect(page.getByTestId("users-invalid"), bad).toHaveText("검색 조건 중 올바르지 않은 값이 있어 기본 조건으로 보여 드립니다.");
  }

  await page.goto("/admin/outbox");
  await page.getByTestId("outbox-to").fill(tag);
  await page.getByTestId("outbox-page-size").selectOption("10");
  await page.getByTestId("outbox-apply").click();
  await expect(page.getByTestId("outbox-count")).toHaveText("11건 중 1–10번째");
  await page.getByTestId("outbox-pager-next").click();
  await expect(page.getByTestId("outbox-row")).toHaveCount(1);
  await expect(page.getByTestId("outbox-row")).toHaveAttribute("data-to", new RegExp(`^${tag}-`));
  await page.getByTestId("outbox-subject").fill("없는 제목 xyz");
  await page.getByTestId("outbox-apply").click();
  await expect(page.getByTestId("outbox-row")).toHaveCount(0);
  // The KST day filter: today's mails, none tomorrow.
  const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 33 * 3_600_000).toISOString().slice(0, 10);
  await page.goto(`/admin/outbox?to=${tag}&from=${today}&until=${today}`);
  await expect(page.getByTestId("outbox-count")).toHaveText("11건 중 1–11번째");
  await page.goto(`/admin/outbox?to=${tag}&from=${tomorrow}`);
  await expect(page.getByTestId("outbox-row")).toHaveCount(0);
  for (const bad of ["from=2025-02-30", "from=2025-03-02&until=2025-03-01", "pageSize=0", "to=a&to=b"]) {
    const res = await page.goto(`/admin/outbox?${bad}`);
    expect(res!.status(), bad).toBe(200);
    await expect(page.getByTestId("outbox-invalid"), bad).toBeVisible();
  }
  await context.close();

  // Someone who is not an admin: 403 whatever the parameters.
  const applicant = await verifiedApplicant(admin);
  const ac = await browser.newContext({ baseURL: E2E_BASE_URL, locale: "ko-KR" });
  await signIn(ac.request, applicant.email, PASSWORD);
  const ap = await ac.newPage();
  for (const path of [`/admin/users?q=${tag}&page=2`, `/admin/outbox?to=${tag}&pageSize=10`, "/admin?call=x", "/admin/proposals?callId=x&approach=SCRATCH_ONLY"]) {
    expect((await ap.goto(path))!.status(), path).toBe(403);
  }
  await ac.close();
  await admin.dispose();
});

test("dashboard: opens on the call open now; the picker is grouped by state and searchable", async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await adminClient();
  // Closing in minutes: among the open calls, the one closing soonest.
  const title = `[E2E] 지금 접수 중 ${crypto.randomBytes(3).toString("hex")}`;
  const call = await createCall(admin, { title, closesInMs: 4 * 60_000 });
  const { context, page } = await adminPage(browser);
  await page.goto("/admin");
  await expect(page.getByTestId("dash-call")).toHaveAttribute("data-call-id", call.id);
  const select = page.getByTestId("dash-picker-select");
  await expect(select).toHaveValue(call.id);
  await expect(select.locator('optgroup[label="접수 중"] option').first()).toHaveText(title);
  await expect(select.locator("optgroup")).not.toHaveCount(0);
  await page.screenshot({ path: `${screens}/admin-console-dashboard-1366.png` });
  await page.getByTestId("dash-picker").screenshot({ path: `${screens}/admin-console-picker-1366.png` });

  // The search narrows the list; the chosen call stays in it.
  const before = await select.locator("option").count();
  await page.getByTestId("dash-picker-search").fill("존재하지 않는 공고명");
  await expect(select.locator("option")).toHaveCount(1);
  await expect(page.getByTestId("dash-picker-count")).toContainText(`공고 ${before}개 중 1개 표시`);
  await page.getByTestId("dash-picker-search").fill("");
  await expect(select.locator("option")).toHaveCount(before);

  // Another call through the picker.
  const other = await select.locator('optgroup[label="마감"] option').first().getAttribute("value");
  if (other) {
    await select.selectOption(other);
    await page.getByTestId("dash-picker-show").click();
    await expect(page).toHaveURL(new RegExp(`call=${other}`));
    await expect(page.getByTestId("dash-call")).toHaveAttribute("data-call-id", other);
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/admin");
  expect(await noSidewaysScroll(page)).toBe(true);
  await page.getByTestId("dash-picker").screenshot({ path: `${screens}/admin-console-picker-390.png` });
  await context.close();
  await admin.dispose();
});

test("call form: the time is 24-hour KST in an en-US browser; 16:00 is stored as 07:00Z", async ({ browser }) => {
  test.setTimeout(120_000);
  const { context, page } = await adminPage(browser, { locale: "en-US" });
  await page.goto("/admin/calls/new");
  await expect(page.locator('input[type="datetime-local"]')).toHaveCount(0);
  const time = page.getByTestId("call-closesAt-time");
  await expect(time).toHaveAttribute("placeholder", "HH:mm");
  await expect(page.getByTestId("call-closesAt")).toContainText("KST");
  const slug = `e2e-24h-${crypto.randomBytes(3).toString("hex")}`;
  await page.getByTestId("call-slug").fill(slug);
  await page.getByTestId("call-titleKo").fill("[E2E] 24시간 공고");
  await page.getByTestId("call-titleEn").fill("[E2E] 24-hour call");
  await page.getByTestId("call-totalBudget").fill("193600000000");
  await fillKst(page, "call-opensAt", "2030-08-01T09:00");
  // A 12-hour time is refused with a message; 16:00 is read as KST.
  await page.getByTestId("call-closesAt-date").fill("2030-08-29");
  await time.fill("4:00 PM");
  await time.blur();
  await expect(page.getByTestId("call-closesAt-invalid")).toHaveText("시각은 00:00부터 23:59까지 24시간 형식(HH:mm)으로 입력하세요.");
  await fillKst(page, "call-closesAt", "2030-08-29T16:00");
  await expect(page.getByTestId("call-closesAt-invalid")).toHaveCount(0);
  await expect(page.getByTestId("call-closesAt-utc")).toHaveText("UTC: 2030-08-29T07:00:00.000Z");
  const row = page.getByTestId("rubric-row").first();
  await row.getByTestId("rubric-key").fill("overall");
  await row.getByTestId("rubric-labelKo").fill("종합");
  await row.getByTestId("rubric-labelEn").fill("Overall");
  await row.getByTestId("rubric-maxPoints").fill("100");
  await row.getByTestId("rubric-weight").fill("100");
  await page.getByTestId("call-form").screenshot({ path: `${screens}/admin-console-call-form-en-US.png` });
  await page.getByTestId("call-save").click();
  await expect(page).toHaveURL(/\/admin\/calls\/[0-9a-f-]{36}$/);
  const stored = await (await context.request.get(`/api/v1/calls/${slug}`)).json();
  expect(stored.closesAt).toBe("2030-08-29T07:00:00.000Z");
  expect(stored.opensAt).toBe("2030-08-01T00:00:00.000Z");
  // Shown back as 16:00, not 4:00 PM.
  await expect(page.getByTestId("call-closesAt-time")).toHaveValue("16:00");
  await expect(page.getByTestId("call-closesAt-date")).toHaveValue("2030-08-29");
  await context.close();
});
