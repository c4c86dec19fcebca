import crypto from "node:crypto";
import ExcelJS from "exceljs";
import { expect, test } from "@playwright/test";
import { E2E_ADMIN, E2E_BASE_URL } from "./env";
import { adminClient, signIn } from "./helpers";
import { createCall, submittedProposal } from "./fixtures";
import { fullDraft } from "../support/builders";

const shot = (name: string) => ({ path: `test-results/screens/admin-proposals-${name}.png`, fullPage: true });
const SCRATCH = [{ name: "S-21B", parameterCount: 21_000_000_000, architecture: "decoder-only", approach: "FROM_SCRATCH", ownTokenizer: true }];

test("admin filters to scratch-only proposals and downloads the XLSX", async ({ browser }) => {
  test.setTimeout(240_000);
  const admin = await adminClient();
  const call = await createCall(admin, { title: "[E2E] 제안서 관리 공고" });
  const scratch = await submittedProposal(admin, call.slug, { name: "스크래치 컨소시엄", models: SCRATCH });
  const mixed = await submittedProposal(admin, call.slug, { name: "혼합 방식 컨소시엄" }); // scratch + foreign fine-tune

  // The scratch consortium submits again with a new title, so the detail page has a diff.
  const api = scratch.lead.ctx;
  const cur = await (await api.get(`/api/v1/proposals/${scratch.proposalId}`)).json();
  const draft = fullDraft({ models: SCRATCH });
  draft.overview.titleKo = "스크래치 한국어 모델 (수정)";
  expect((await api.patch(`/api/v1/proposals/${scratch.proposalId}`, { headers: { "if-match": `"${cur.draftVersion}"` }, data: { draft } })).status()).toBe(200);
  const v2 = await api.post(`/api/v1/proposals/${scratch.proposalId}/submit`, { headers: { "idempotency-key": crypto.randomUUID() } });
  expect(v2.status()).toBe(201);
  const receiptNo = (await v2.json()).receiptNo as string;
  expect(receiptNo).toMatch(/-02$/);

  const context = await browser.newContext({ baseURL: E2E_BASE_URL, locale: "ko-KR", timezoneId: "America/New_York", viewport: { width: 1360, height: 900 } });
  await signIn(context.request, E2E_ADMIN.email, E2E_ADMIN.password);
  const page = await context.newPage();

  // The list, reached from the console's nav; the call picker chooses the test call.
  await page.goto("/admin");
  await page.getByTestId("nav-admin-proposals").click();
  await expect(page.getByRole("heading", { name: "제안서 관리", level: 1 })).toBeVisible();
  // The call is one of the list's conditions: chosen in the one filter form and applied with 조회.
  await page.getByTestId("filter-call").selectOption(call.id);
  await page.getByTestId("filter-apply").click();
  await expect(page).toHaveURL(new RegExp(`callId=${call.id}`));
  const rows = page.getByTestId("proposal-row");
  await expect(rows).toHaveCount(2);
  await expect(page.locator(`[data-testid="proposal-row"][data-proposal-id="${mixed.proposalId}"]`)).toContainText("혼합 방식 컨소시엄");
  await page.screenshot(shot("list"));

  // 스크래치만: the filter lives in the URL, only the scratch proposal is listed.
  await page.getByTestId("filter-approach").selectOption({ label: "스크래치만" });
  await page.getByTestId("filter-apply").click();
  await expect(page).toHaveURL(/approach=SCRATCH_ONLY/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-receipt-no", receiptNo);
  await expect(rows.first()).toContainText("스크래치 컨소시엄");
  await expect(rows.first()).toContainText("스크래치 한국어 모델 (수정)");
  await expect(rows.first()).toContainText("300억 원");
  await expect(page.getByTestId("list-summary")).toHaveText("1건 중 1–1번째");
  await expect(page.getByTestId("filter-approach")).toHaveValue("SCRATCH_ONLY");

  // The XLSX button downloads through fetch() with progress, carrying the filter.
  const exportReq = page.waitForRequest((r) => r.url().includes("/api/v1/admin/exports/proposals.xlsx"));
  const downloading = page.waitForEvent("download");
  await page.getByTestId("export-proposals-xlsx").click();
  expect(new URL((await exportReq).url()).searchParams.get("approach")).toBe("SCRATCH_ONLY");
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  await expect(page.getByTestId("export-notice")).toContainText("저장 완료");
  await page.screenshot(shot("exported"));
  const path = await download.path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const sheet = wb.getWorksheet("제안서");
  expect(sheet).toBeDefined();
  const header = sheet!.getRow(1).values as unknown[];
  const col = header.indexOf("접수번호");
  expect(col).toBeGreaterThan(0);
  const receipts: string[] = [];
  sheet!.eachRow((row, n) => {
    if (n > 1) receipts.push(String(row.getCell(col).value));
  });
  expect(receipts).toEqual([receiptNo]);

  // A slow export shows its progress and can be cancelled (the response is held back to see it).
  await page.route("**/api/v1/admin/exports/models.csv?*", async (route) => {
    await new Promise((r) => setTimeout(r, 3_000));
    await route.continue().catch(() => {}); // already cancelled
  });
  await page.getByTestId("export-models-csv").click();
  await expect(page.getByTestId("export-progress")).toContainText("모델 CSV 내려받는 중");
  await expect(page.getByTestId("export-received")).toContainText("0 B 받음");
  await expect(page.getByTestId("export-proposals-xlsx")).toBeDisabled();
  await page.getByTestId("export-panel").screenshot({ path: "test-results/screens/admin-proposals-progress.png" });
  await page.getByTestId("export-cancel").click();
  await expect(page.getByTestId("export-notice")).toHaveText("내려받기를 취소했습니다.");
  await expect(page.getByTestId("export-progress")).toHaveCount(0);
  await page.unrouteAll({ behavior: "ignoreErrors" });

  // The detail page: both versions, and what changed in v2.
  await rows.first().getByTestId("proposal-link").click();
  await expect(page).toHaveURL(new RegExp(`/admin/proposals/${scratch.proposalId}$`));
  await expect(page.getByRole("heading", { name: "스크래치 컨소시엄", level: 1 })).toBeVisible();
  const versionRows = page.getByTestId("version-row");
  await expect(versionRows).toHaveCount(2);
  await expect(versionRows.first()).toHaveAttribute("data-version", "2");
  await expect(versionRows.first()).toContainText(receiptNo);
  await expect(versionRows.first()).toContainText("KST");
  await expect(versionRows.nth(1)).toContainText(scratch.receipt.receiptNo);
  const diff = page.locator('[data-testid="version-card"][data-version="2"] [data-testid="diff-row"][data-path="content.overview.titleKo"]');
  await expect(diff.getByTestId("diff-label")).toHaveText("과제명 (국문)");
  await expect(diff).toContainText("한국어 특화 초거대 모델");
  await expect(diff).toContainText("스크래치 한국어 모델 (수정)");
  await expect(page.locator('[data-testid="version-card"][data-version="1"] [data-testid="version-changes"]')).toHaveCount(0);
  const attachment = page.getByTestId("attachment-link").first();
  const res = await context.request.get((await attachment.getAttribute("href"))!);
  expect(res.status()).toBe(200);
  await page.screenshot(shot("detail"));

  await context.close();
  await admin.dispose();
});
