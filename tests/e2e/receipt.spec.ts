import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { E2E_BASE_URL } from "./env";
import { adminClient } from "./helpers";
import { createCall, submittedProposal } from "./fixtures";

// Issue 12 item 11: a receipt names its issuing ministry, says what its number means, says plainly when a
// later version or a withdrawal replaced it (on screen and in print), and offers a check a person can run.

test("the receipt: issuer, number explained, a check in the browser; an old version says it was replaced, a withdrawn one says so, in print too", async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await adminClient();
  const call = await createCall(admin);
  const p = await submittedProposal(admin, call.slug, { name: `접수증 컨소시엄 ${crypto.randomBytes(3).toString("hex")}` });
  const context = await browser.newContext({ baseURL: E2E_BASE_URL, locale: "ko-KR", timezoneId: "America/New_York", storageState: await p.lead.ctx.storageState() });
  const page = await context.newPage();

  await page.goto(`/proposals/${p.proposalId}/receipt/1`);
  await expect(page.getByTestId("receipt-issuer")).toHaveText("발급 기관: 과학기술정보통신부");
  await expect(page.getByTestId("receipt")).toContainText("접수번호는 ‘공고 마감 연도 - 제안서 일련번호 - 제출 버전’입니다.");
  await expect(page.getByTestId("receipt-superseded")).toHaveCount(0);
  await expect(page.getByTestId("receipt-withdrawn")).toHaveCount(0);
  // The developer text is folded away; the check runs in the browser and matches.
  await expect(page.getByText("RFC 8785")).toBeHidden();
  await page.getByTestId("check-receipt").click();
  await expect(page.getByTestId("check-result")).toHaveText("일치합니다: 보관된 제출본이 이 접수증의 값과 같습니다.");
  // At 390 px the attachment table keeps whole words (it once broke to one character a line).
  await page.setViewportSize({ width: 390, height: 844 });
  // Stacked: each cell a full-width line with its label, the kind on one line.
  const cells = await page.getByTestId("receipt-attachments").locator("td").evaluateAll((tds) => tds.map((td) => ({ w: td.getBoundingClientRect().width, h: td.getBoundingClientRect().height })));
  expect(Math.min(...cells.map((c) => c.w))).toBeGreaterThan(250);
  const kind = await page.getByTestId("receipt-attachments").locator("td").first().evaluate((td) => td.getBoundingClientRect().height / parseFloat(getComputedStyle(td).lineHeight));
  expect(kind).toBeLessThan(2.2);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(391);
  await page.screenshot({ path: "test-results/screens/receipt-390.png", fullPage: true });
  await page.setViewportSize({ width: 1366, height: 768 });

  // A second version replaces the first: the first receipt says so, on screen and in print.
  const draft = (await (await p.lead.ctx.get(`/api/v1/proposals/${p.proposalId}`)).json()) as { draft: { overview: Record<string, unknown> }; draftVersion: number };
  const edited = { ...draft.draft, overview: { ...draft.draft.overview, summary: "두 번째 제출에서 고친 요약입니다." } };
  expect((await p.lead.ctx.patch(`/api/v1/proposals/${p.proposalId}`, { headers: { "if-match": `"${draft.draftVersion}"` }, data: { draft: edited } })).status()).toBe(200);
  const v2 = await p.lead.ctx.post(`/api/v1/proposals/${p.proposalId}/submit`, { headers: { "idempotency-key": crypto.randomUUID() }, data: {} });
  expect(v2.status()).toBe(201);
  const receipt2 = (await v2.json()).receiptNo as string;
  await page.reload();
  await expect(page.getByTestId("receipt-superseded")).toContainText("이후 버전으로 대체됨");
  await expect(page.getByTestId("receipt-superseded")).toContainText(`v2(접수번호 ${receipt2}`);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByTestId("receipt-superseded")).toBeVisible();
  await page.emulateMedia({ media: "screen" });
  await page.goto(`/proposals/${p.proposalId}/receipt/2`);
  await expect(page.getByTestId("receipt-superseded")).toHaveCount(0);

  // Withdrawn: every receipt of the proposal says so.
  expect((await p.lead.ctx.post(`/api/v1/proposals/${p.proposalId}/withdraw`, { data: {} })).status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId("receipt-withdrawn")).toContainText(/철회됨 이 제안서는 .*KST에 철회되어 심사하지 않습니다\./);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByTestId("receipt-withdrawn")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/receipt-withdrawn-print.png", fullPage: true });
  await context.close();
  await admin.dispose();
});
