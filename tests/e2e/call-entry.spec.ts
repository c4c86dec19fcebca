// Issue 12 item 8: the call page as the applicant's entry point. An admin publishes the 공고문 and a
// 서식 and fills 문의처 in the call settings; a visitor reads and downloads them signed out, and
// 「신청하기」 leads through sign-in to the new-consortium form with the call chosen. Upcoming and
// closed calls, the home page's order, and no sideways scroll at 390 px.
import crypto from "node:crypto";
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN, E2E_BASE_URL } from "./env";
import { adminClient, PASSWORD, signIn, verifiedApplicant } from "./helpers";
import { createCall } from "./fixtures";
import { docx, hwpx, pdf } from "../support/files";

const shot = (name: string) => ({ path: `test-results/screens/call-entry-${name}.png`, fullPage: true });
const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

async function sidewaysScroll(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test("an admin publishes the 공고문 and 서식 with 문의처; a visitor downloads them and 「신청하기」 leads through sign-in to the consortium form", async ({ browser }) => {
  test.setTimeout(240_000);
  const admin = await adminClient();
  const call = await createCall(admin, { title: "[E2E] 공고문·서식 시험 공고" });
  const announcement = pdf("2025 공고문");
  const form = await hwpx();

  // --- the admin, in the call settings -------------------------------------------------------
  const adminCtx = await browser.newContext({ baseURL: E2E_BASE_URL });
  await signIn(adminCtx.request, E2E_ADMIN.email, E2E_ADMIN.password);
  const page = await adminCtx.newPage();
  await page.goto(`/admin/calls/${call.id}`);
  const docs = page.getByTestId("call-documents-admin");
  await expect(docs.getByTestId("call-documents-empty")).toBeVisible();

  await page.getByTestId("call-contactDepartment").fill("과학기술정보통신부 인공지능기반정책과");
  await page.getByTestId("call-contactPhone").fill("전화 044");
  await page.getByTestId("call-save").click();
  await expect(page.locator("#call-contactPhone-error")).toContainText("전화번호는 숫자, 하이픈(-), 괄호로");
  await page.getByTestId("call-contactPhone").fill("044-202-6000");
  await page.getByTestId("call-contactEmail").fill("ai-policy@example.go.kr");
  await page.getByTestId("call-save").click();
  await expect(page.getByTestId("call-saved")).toBeVisible();

  // A Word file is refused with a Korean message, and nothing is listed.
  await docs.getByTestId("call-document-kind").selectOption("FORM");
  await docs.getByTestId("call-document-file").setInputFiles({ name: "서식.docx", mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buffer: await docx() });
  await docs.getByTestId("call-document-upload").click();
  await expect(docs.locator("#doc-file-error")).toHaveText("공고문·서식은 HWP, HWPX, PDF 파일만 올릴 수 있습니다 (파일 내용으로 형식을 확인합니다).");
  await expect(docs.getByTestId("call-document-admin-row")).toHaveCount(0);

  await docs.getByTestId("call-document-kind").selectOption("ANNOUNCEMENT");
  await docs.getByTestId("call-document-title").fill("2025년 독자 AI 파운데이션 모델 개발 지원 사업 공고문");
  await docs.getByTestId("call-document-file").setInputFiles({ name: "공고문.pdf", mimeType: "application/pdf", buffer: announcement });
  await docs.getByTestId("call-document-upload").click();
  await expect(docs.getByTestId("call-document-notice")).toContainText("공고문");
  await expect(docs.getByTestId("call-document-admin-row")).toHaveCount(1);
  await docs.getByTestId("call-document-kind").selectOption("FORM");
  await docs.getByTestId("call-document-file").setInputFiles({ name: "사업계획서 서식.hwpx", mimeType: "application/octet-stream", buffer: form });
  await docs.getByTestId("call-document-upload").click();
  await expect(docs.getByTestId("call-document-admin-row")).toHaveCount(2);
  await expect(docs.getByTestId("call-document-admin-row").nth(1)).toContainText("사업계획서 서식");
  await page.screenshot(shot("admin-settings"));

  // Both uploads are in the call's audit trail.
  const audit = await (await admin.get(`/api/v1/admin/audit?entityType=CALL&entityId=${call.id}`)).json();
  expect((audit.events as { action: string }[]).filter((e) => e.action === "call.document_uploaded")).toHaveLength(2);

  // --- a visitor, signed out ---------------------------------------------------------------------
  const visitor = await browser.newContext({ baseURL: E2E_BASE_URL, acceptDownloads: true });
  const v = await visitor.newPage();
  await v.setViewportSize({ width: 1366, height: 900 });
  await v.goto(`/calls/${call.slug}`);
  const list = v.getByTestId("call-documents");
  const rows = list.getByTestId("call-document-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("공고문");
  await expect(rows.nth(0).getByTestId("call-document-title")).toHaveText("2025년 독자 AI 파운데이션 모델 개발 지원 사업 공고문");
  await expect(rows.nth(0).getByTestId("call-document-type")).toHaveText("PDF");
  await expect(rows.nth(1)).toContainText("서식");
  await expect(rows.nth(1).getByTestId("call-document-type")).toHaveText("HWPX");
  await expect(rows.nth(1).getByTestId("call-document-title")).toHaveText("사업계획서 서식");
  const contact = v.getByTestId("call-contact");
  await expect(contact.getByTestId("contact-department")).toHaveText("과학기술정보통신부 인공지능기반정책과");
  await expect(contact.getByTestId("contact-phone")).toHaveText("044-202-6000");
  await expect(contact.getByRole("link", { name: "044-202-6000" })).toHaveAttribute("href", "tel:0442026000");
  await expect(contact.getByTestId("contact-email")).toHaveText("ai-policy@example.go.kr");
  await v.screenshot(shot("call-1366"));

  // The downloads carry the very bytes, under their original names.
  for (const [i, bytes, name] of [[0, announcement, "공고문.pdf"], [1, form, "사업계획서 서식.hwpx"]] as const) {
    const [download] = await Promise.all([v.waitForEvent("download"), rows.nth(i).getByTestId("call-document-download").click()]);
    expect(download.suggestedFilename()).toBe(name);
    const got = fs.readFileSync((await download.path())!);
    expect(sha(got)).toBe(sha(bytes));
  }
  const href = await rows.nth(1).getByTestId("call-document-download").getAttribute("href");
  const res = await visitor.request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("application/hwp+zip");
  expect(res.headers()["content-disposition"]).toBe(`attachment; filename="_____ __.hwpx"; filename*=UTF-8''${encodeURIComponent("사업계획서 서식.hwpx")}`);
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  expect(res.headers()["x-content-sha256"]).toBe(sha(form));

  // 390 × 844: nothing scrolls sideways.
  await v.setViewportSize({ width: 390, height: 844 });
  await v.reload();
  await expect(rows).toHaveCount(2);
  expect(await sidewaysScroll(v)).toBeLessThanOrEqual(1);
  await v.screenshot(shot("call-390"));

  // 「신청하기」 → sign-in → the new-consortium form with this call chosen.
  const { email } = await verifiedApplicant(admin);
  await v.setViewportSize({ width: 1366, height: 900 });
  await v.getByTestId("apply-button").click();
  await expect(v).toHaveURL(/\/signin\?callbackUrl=/);
  expect(decodeURIComponent(new URL(v.url()).searchParams.get("callbackUrl")!)).toBe(`/consortia?call=${call.slug}`);
  await v.getByLabel("이메일").fill(email);
  await v.getByLabel("비밀번호").fill(PASSWORD);
  await v.getByRole("button", { name: "로그인" }).click();
  await expect(v).toHaveURL(new RegExp(`/consortia\\?call=${call.slug}$`));
  await expect(v.locator("#nc-callSlug")).toHaveValue(call.slug);
  await v.screenshot(shot("consortium-form"));

  // Deleting a document in the settings takes it off the public page; the deletion is audited.
  await page.getByTestId("call-document-remove").nth(1).click();
  await page.getByTestId("confirm-dialog").getByRole("button", { name: "삭제" }).click();
  await expect(docs.getByTestId("call-document-admin-row")).toHaveCount(1);
  expect((await visitor.request.get(href!)).status()).toBe(404);
  const audit2 = await (await admin.get(`/api/v1/admin/audit?entityType=CALL&entityId=${call.id}`)).json();
  expect((audit2.events as { action: string }[]).some((e) => e.action === "call.document_removed")).toBe(true);

  await adminCtx.close();
  await visitor.close();
  await admin.dispose();
});

test("「신청하기」 is disabled with the opening time before a call opens and absent once it closed; the home page lists open, then upcoming, then closed", async ({ page }) => {
  const admin = await adminClient();
  const mk = async (title: string, opensInMs: number, closesInMs: number) => {
    const c = await createCall(admin, { title });
    expect((await admin.patch(`/api/v1/admin/calls/${c.id}`, { data: { opensAt: new Date(Date.now() + opensInMs).toISOString(), closesAt: new Date(Date.now() + closesInMs).toISOString() } })).status()).toBe(200);
    return c;
  };
  const day = 86_400_000;
  const upcoming = await mk("[E2E] 접수 예정 공고", 3 * day, 30 * day);
  const closed = await mk("[E2E] 마감된 공고", -30 * day, -day);
  const open = await mk("[E2E] 접수 중 공고", -day, 10 * day);

  await page.goto(`/calls/${upcoming.slug}`);
  await expect(page.getByTestId("apply-button")).toBeDisabled();
  await expect(page.getByTestId("apply-upcoming")).toContainText("부터 신청할 수 있습니다.");
  await expect(page.getByTestId("apply-button")).toHaveAccessibleDescription(/부터 신청할 수 있습니다/);
  await page.screenshot(shot("upcoming"));
  await page.goto(`/calls/${closed.slug}`);
  await expect(page.getByTestId("call-state")).toHaveText("마감");
  await expect(page.getByTestId("apply-button")).toHaveCount(0);
  await page.goto(`/calls/${open.slug}`);
  await expect(page.getByTestId("apply-button")).toHaveAttribute("href", `/consortia?call=${open.slug}`);

  // Home: every open call before every upcoming one, before every closed one; real before demo in each.
  await page.goto("/");
  const cards = await page.locator("section.card[data-testid^='call-']").evaluateAll((els) =>
    els.map((el) => ({ slug: el.getAttribute("data-testid")!.slice(5), state: el.querySelector("[data-testid=call-state]")!.textContent!, demo: !!el.querySelector(".badge-demo") })),
  );
  const rank = { "접수 중": 0, "접수 예정": 1, 마감: 2 } as Record<string, number>;
  const keys = cards.map((c) => rank[c.state]! * 2 + (c.demo ? 1 : 0));
  expect(keys).toEqual([...keys].sort((a, b) => a - b));
  const at = (slug: string) => cards.findIndex((c) => c.slug === slug);
  expect(at(open.slug)).toBeGreaterThanOrEqual(0);
  expect(at(open.slug)).toBeLessThan(at(upcoming.slug));
  expect(at(upcoming.slug)).toBeLessThan(at(closed.slug));
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  expect(await sidewaysScroll(page)).toBeLessThanOrEqual(1);
  await admin.dispose();
});
