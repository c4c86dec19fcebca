// Issue 12 items 4 and 13: destructive and final actions ask first in one dialog; the pre-submit
// summary; 심사 기한 on the reviewer's pages; the reviewer's PDF viewer (inline for PDFs only).
import crypto from "node:crypto";
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { E2E_BASE_URL } from "./env";
import { adminClient, answerConfirm } from "./helpers";
import { closeCall, createCall, reviewerClient, submittedProposal } from "./fixtures";
import { docx } from "../support/files";

const shot = (name: string) => ({ path: `test-results/screens/confirm-${name}.png`, fullPage: false });

/** A page signed in with the cookies of an API client (the fixtures' users). */
async function pageAs(browser: Browser, ctx: APIRequestContext, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ baseURL: E2E_BASE_URL, locale: "ko-KR", timezoneId: "America/New_York", viewport });
  await context.addCookies((await ctx.storageState()).cookies);
  const page = await context.newPage();
  let nativeDialogs = 0;
  page.on("dialog", (d) => {
    nativeDialogs++;
    void d.dismiss();
  });
  return { context, page, nativeDialogs: () => nativeDialogs };
}

/** The dialog is modal, its focus starts on 취소, and Tab / Shift+Tab never leave it. */
async function keyboardStaysInside(page: Page) {
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog).toBeVisible();
  expect(await dialog.evaluate((d: HTMLDialogElement) => d.open && d.matches(":modal"))).toBe(true);
  await expect(dialog.getByTestId("confirm-cancel")).toBeFocused();
  const inside = () => page.evaluate(() => !!document.activeElement?.closest("dialog[open]"));
  for (const key of ["Tab", "Tab", "Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab"]) {
    await page.keyboard.press(key);
    expect([key, await inside()]).toEqual([key, true]);
  }
  await expect(dialog.getByTestId("confirm-cancel")).toBeFocused(); // three forward, three back
}

async function fitsViewport(page: Page) {
  const box = (await page.getByTestId("confirm-dialog").boundingBox())!;
  const vp = page.viewportSize()!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(vp.width);
  expect(box.y + box.height).toBeLessThanOrEqual(vp.height);
  for (const id of ["confirm-cancel", "confirm-yes"]) {
    const b = (await page.getByTestId(id).boundingBox())!;
    expect(b.x + b.width).toBeLessThanOrEqual(vp.width);
    expect(b.y + b.height).toBeLessThanOrEqual(vp.height);
  }
}

test("applicant's destructive actions ask first: 모델, 첨부, 참여기관, 초대 — 취소 and Escape keep (after reload too), confirming removes; Tab stays in the dialog; it fits at 390 px", async ({ browser }) => {
  test.setTimeout(180_000);
  const admin = await adminClient();
  const call = await createCall(admin);
  const p = await submittedProposal(admin, call.slug, { submit: false });
  const api = p.lead.ctx;
  const draft = async () => (await (await api.get(`/api/v1/proposals/${p.proposalId}`)).json());
  const { context, page, nativeDialogs } = await pageAs(browser, api);

  // 모델 삭제: autosaved at once, so it asks, naming the model.
  await page.goto(`/proposals/${p.proposalId}`);
  await page.getByTestId("step-models").click();
  await expect(page.getByTestId("model-1")).toBeVisible();
  await page.getByTestId("model-1").getByTestId("remove-model").click();
  // "Tri-Chat" ends in a Latin letter whose reading is not certain (챗? 채트?): both forms, as before.
  await expect(page.getByTestId("confirm-dialog")).toContainText("모델 2 ‘Tri-Chat’을(를) 삭제합니다.");
  await expect(page.getByRole("dialog", { name: "모델 삭제" })).toBeVisible();
  await keyboardStaysInside(page);
  await page.screenshot(shot("model-desktop"));
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("confirm-dialog")).toHaveCount(0);
  await expect(page.getByTestId("model-1").getByTestId("remove-model")).toBeFocused(); // focus back where it was
  await page.getByTestId("model-1").getByTestId("remove-model").click();
  await answerConfirm(page, "cancel");
  await page.reload();
  await page.getByTestId("step-models").click();
  await expect(page.getByTestId("model-1")).toBeVisible();
  expect((await draft()).draft.models).toHaveLength(2);
  await page.getByTestId("model-1").getByTestId("remove-model").click();
  await answerConfirm(page, "yes");
  await expect(page.getByTestId("model-1")).toHaveCount(0);
  await expect(page.getByTestId("save-state")).toHaveAttribute("data-state", "saved", { timeout: 10_000 });
  await expect.poll(async () => (await draft()).draft.models.map((m: { name: string }) => m.name)).toEqual(["Tri-21B"]);
  await page.reload();
  await page.getByTestId("step-models").click();
  await expect(page.getByTestId("model-0")).toBeVisible();
  await expect(page.getByTestId("model-1")).toHaveCount(0);

  // 첨부 삭제
  await page.getByTestId("step-attachments").click();
  const agreement = page.getByTestId("attachment-CONSORTIUM_AGREEMENT");
  await expect(agreement).toContainText("협약서.pdf");
  await agreement.getByTestId("remove-attachment").click();
  await answerConfirm(page, "cancel", /컨소시엄 협약서 ‘협약서\.pdf’\(.+\)를 삭제합니다/);
  await page.reload();
  await page.getByTestId("step-attachments").click();
  await expect(agreement).toContainText("협약서.pdf");
  expect((await draft()).attachments).toHaveLength(2);
  await agreement.getByTestId("remove-attachment").click();
  await answerConfirm(page, "yes");
  await expect(agreement).not.toContainText("협약서.pdf");
  expect((await draft()).attachments.map((a: { fileName: string }) => a.fileName)).toEqual(["사업계획서.pdf"]);

  // 초대 취소
  const c = await (await api.get(`/api/v1/consortia/${p.consortiumId}`)).json();
  const participant = c.organizations.find((o: { role: string }) => o.role === "PARTICIPANT");
  const invitee = `invitee-${crypto.randomBytes(3).toString("hex")}@example.com`;
  expect((await api.post(`/api/v1/consortia/${p.consortiumId}/invitations`, { data: { email: invitee, organizationId: participant.id, role: "EDITOR" } })).status()).toBe(201);
  await page.goto(`/consortia/${p.consortiumId}`);
  const invitation = page.getByTestId("invitation-row").filter({ hasText: invitee });
  await expect(invitation).toHaveCount(1);
  await invitation.getByTestId("revoke-invitation").click();
  await answerConfirm(page, "cancel", `${invitee}에게 보낸 초대`);
  await page.reload();
  await expect(invitation).toHaveCount(1);
  await invitation.getByTestId("revoke-invitation").click();
  await answerConfirm(page, "yes");
  await expect(invitation).toHaveCount(0);
  await page.reload();
  await expect(invitation).toHaveCount(0);

  // 참여기관 삭제
  const orgRow = page.locator('[data-testid^="org-row-"][data-role="PARTICIPANT"]');
  await expect(orgRow).toHaveCount(1);
  await orgRow.getByTestId("remove-org").click();
  await answerConfirm(page, "cancel", "참여기관 ‘참여 대학교’(분담금 100억 원)를 컨소시엄에서 삭제합니다.");
  await page.reload();
  await expect(orgRow).toHaveCount(1);
  // At 390 px the dialog fits the screen, both buttons within reach.
  await page.setViewportSize({ width: 390, height: 844 });
  await orgRow.getByTestId("remove-org").click();
  await fitsViewport(page);
  await page.screenshot(shot("org-390"));
  await answerConfirm(page, "yes");
  await expect(orgRow).toHaveCount(0);
  await page.reload();
  await expect(orgRow).toHaveCount(0);
  expect((await (await api.get(`/api/v1/consortia/${p.consortiumId}`)).json()).organizations).toHaveLength(1);
  expect(nativeDialogs()).toBe(0); // no window.confirm anywhere
  await context.close();
});

test("the pre-submit summary: models with approach, budget, attachments, organisations; 취소 and Escape submit nothing, confirming (double-clicked) submits exactly one version", async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await adminClient();
  const call = await createCall(admin);
  const p = await submittedProposal(admin, call.slug, { submit: false });
  const api = p.lead.ctx;
  const versions = async () => (await (await api.get(`/api/v1/proposals/${p.proposalId}`)).json()).versions as unknown[];
  const { context, page } = await pageAs(browser, api);
  await page.goto(`/proposals/${p.proposalId}`);
  await page.getByTestId("step-submit").click();
  await expect(page.getByTestId("readiness")).toContainText("제출할 준비가 되었습니다.");

  await page.getByTestId("submit").click();
  const summary = page.getByTestId("submit-summary");
  await expect(page.getByRole("dialog", { name: "제출 전 확인" })).toBeVisible();
  await expect(summary.getByTestId("summary-models").locator("li")).toHaveText([
    "모델 1 · Tri-21B · 파라미터 210억 · 스크래치 기반 (처음부터 자체 학습)",
    "모델 2 · Tri-Chat · 파라미터 80억 · 기존 모델 미세조정",
  ]);
  await expect(summary.getByTestId("summary-budget")).toHaveText("300억 원");
  await expect(summary.getByTestId("summary-attachments").locator("li")).toHaveText([/^사업계획서 · 사업계획서\.pdf · .+B$/, /^컨소시엄 협약서 · 협약서\.pdf · .+B$/]);
  await expect(summary.getByTestId("summary-organizations").locator("li")).toHaveText(["주관기관 · 주관 주식회사 · 200억 원", "참여기관 · 참여 대학교 · 100억 원"]);
  await expect(summary).toContainText("이 내용으로 제출하시겠습니까?");
  await keyboardStaysInside(page);
  await page.screenshot(shot("summary-desktop"));
  await answerConfirm(page, "cancel");
  expect(await versions()).toHaveLength(0);
  await page.getByTestId("submit").click();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("confirm-dialog")).toHaveCount(0);
  await page.reload();
  expect(await versions()).toHaveLength(0);
  expect((await api.get(`/api/v1/proposals/${p.proposalId}/versions/1`)).status()).toBe(404);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId("step-submit").click();
  await page.getByTestId("submit").click();
  await expect(summary).toBeVisible();
  await fitsViewport(page);
  await page.screenshot(shot("summary-390"));
  await page.getByTestId("confirm-yes").dblclick();
  await expect(page).toHaveURL(new RegExp(`/proposals/${p.proposalId}/receipt/1$`));
  expect(await versions()).toHaveLength(1);
  expect((await api.get(`/api/v1/proposals/${p.proposalId}/versions/2`)).status()).toBe(404);
  await context.close();
});

test("reviewer: 심사 기한 in KST on the list and the assignment, the final 제출 asks first, PDFs open inline on a viewer page (404 for an unassigned reviewer), other types never inline", async ({ browser }) => {
  test.setTimeout(180_000);
  const admin = await adminClient();
  const call = await createCall(admin);
  const p = await submittedProposal(admin, call.slug, { extra: [{ kind: "OTHER", name: "부록.docx", mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buffer: await docx() }] });
  await closeCall(admin, call.id);
  // 2030-01-15 09:00 UTC is 18:00 KST on Tuesday; the browser runs in New York all the same.
  expect((await admin.patch(`/api/v1/admin/calls/${call.id}`, { data: { reviewClosesAt: "2030-01-15T09:00:00.000Z" } })).status()).toBe(200);
  const r = await reviewerClient(admin, "심사위원 뷰어", "kaist.ac.kr");
  const outsider = await reviewerClient(admin, "미배정 심사위원", "postech.ac.kr");
  expect((await admin.post("/api/v1/admin/assignments", { data: { proposalId: p.proposalId, reviewerId: r.id } })).status()).toBe(201);
  const assignmentId = (await (await r.ctx.get("/api/v1/review/assignments")).json()).assignments[0].id as string;
  const deadline = "2030년 1월 15일 (화) 18:00 KST";

  const { context, page } = await pageAs(browser, r.ctx);
  await page.goto("/review");
  const row = page.locator(`[data-testid="assignment-row"][data-assignment-id="${assignmentId}"]`);
  await expect(row.getByTestId("assignment-deadline")).toHaveText(deadline);
  await expect(page.getByRole("columnheader", { name: "심사 기한" })).toBeVisible();
  // Before the declaration the page shows what the list knows, the deadline too.
  await page.goto(`/review/assignments/${assignmentId}`);
  await expect(page.getByTestId("review-deadline")).toHaveText(deadline);
  expect((await r.ctx.post(`/api/v1/review/assignments/${assignmentId}/declaration`, { data: { noConflict: true, confidentiality: true } })).status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId("version-facts").getByTestId("review-deadline")).toHaveText(deadline);

  // The final 제출 asks first: 취소 submits nothing.
  for (const [key, v] of Object.entries({ independence: 20, technical: 20, consortium: 10, compute_data: 10, ecosystem: 10 })) await page.getByTestId(`score-${key}`).fill(String(v));
  await page.getByTestId("review-comment").fill("스크래치 모델의 학습 계획이 구체적입니다.");
  await page.getByTestId("submit-review").click();
  await answerConfirm(page, "cancel", "총점 70점으로 심사를 제출합니다.");
  await expect(page.getByTestId("review-state")).not.toHaveAttribute("data-state", "SUBMITTED");
  expect((await (await r.ctx.get("/api/v1/review/assignments")).json()).assignments[0].submittedAt).toBeNull();

  // PDFs get a viewer; the DOCX does not.
  await expect(page.getByTestId("attachment-link")).toHaveCount(3);
  await expect(page.getByTestId("attachment-view")).toHaveCount(2);
  const inlineResponse = page.waitForResponse((res) => res.url().endsWith("/inline"));
  await page.getByTestId("attachment-view").first().click();
  await expect(page).toHaveURL(/\/review\/assignments\/[0-9a-f-]{36}\/attachments\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("사업계획서.pdf");
  const res = await inlineResponse;
  expect(res.status()).toBe(200);
  // The headers as the server sends them (Chromium's PDF viewer rewrites the CSP it reports to the page).
  const h = (await r.ctx.get(new URL(res.url()).pathname)).headers();
  expect(h["content-type"]).toBe("application/pdf");
  expect(h["content-disposition"]).toMatch(/^inline; filename=/);
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'self'");
  expect(h["x-frame-options"]).toBe("SAMEORIGIN");
  // The frame shows the PDF (not Chromium's "refused to connect" error page).
  const frame = page.frames().find((f) => f.url().endsWith("/inline"));
  expect(frame, "the viewer's frame loaded the inline URL").toBeTruthy();
  await expect(page.getByTestId("viewer-download")).toHaveAttribute("href", /\/attachments\/[0-9a-f-]{36}$/);
  await page.screenshot(shot("pdf-viewer"));
  const viewerPath = new URL(page.url()).pathname;
  const inlinePath = new URL(res.url()).pathname;

  // The DOCX: no viewer page, and its inline URL still answers a download that nothing may frame.
  const plain = (await r.ctx.get(inlinePath.replace(/\/inline$/, ""))).headers();
  expect(plain["content-disposition"]).toMatch(/^attachment;/); // the plain route: always a download, PDFs too
  expect(plain["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  const ids = (await (await p.lead.ctx.get(`/api/v1/proposals/${p.proposalId}`)).json()).attachments as { id: string; fileName: string }[];
  const docxId = ids.find((a) => a.fileName === "부록.docx")!.id;
  const docxInline = await r.ctx.get(`/api/v1/review/assignments/${assignmentId}/attachments/${docxId}/inline`);
  expect(docxInline.status()).toBe(200);
  expect(docxInline.headers()["content-disposition"]).toMatch(/^attachment; filename=/);
  expect(docxInline.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(docxInline.headers()["x-frame-options"]).toBe("DENY");
  expect(docxInline.headers()["x-content-type-options"]).toBe("nosniff");
  expect((await r.ctx.get(`/review/assignments/${assignmentId}/attachments/${docxId}`)).status()).toBe(404);

  // An unassigned reviewer: 404 for the viewer page and for the file.
  expect((await outsider.ctx.get(viewerPath)).status()).toBe(404);
  expect((await outsider.ctx.get(inlinePath)).status()).toBe(404);

  // No review deadline: 「기한 없음」.
  expect((await admin.patch(`/api/v1/admin/calls/${call.id}`, { data: { reviewClosesAt: null } })).status()).toBe(200);
  await page.goto("/review");
  await expect(row.getByTestId("assignment-deadline")).toHaveText("기한 없음");
  await page.goto(`/review/assignments/${assignmentId}`);
  await expect(page.getByTestId("review-deadline")).toHaveText("기한 없음");
  await context.close();
});
