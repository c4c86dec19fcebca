import crypto from "node:crypto";
import canonicalize from "canonicalize";
import { expect, request, test, type APIRequestContext } from "@playwright/test";
import { E2E_BASE_URL } from "./env";
import { adminClient, linkFromOutbox, verifiedApplicant } from "./helpers";
import { pdf } from "../support/files";
import { fullDraft, org } from "../support/builders";

const sha256 = (b: Buffer | string) => crypto.createHash("sha256").update(b).digest("hex");

/** A PDF padded past Next.js's 10 MB body default, to prove uploads are not truncated end to end. */
function bigPdf(mib: number) {
  const base = pdf("big business plan");
  const cut = base.indexOf("\n") + 1;
  return Buffer.concat([base.subarray(0, cut), Buffer.from("%"), Buffer.alloc(mib * 1024 * 1024, 0x41), Buffer.from("\n"), base.subarray(cut)]);
}

function multipart(file: Buffer, name: string) {
  return { file: { name, mimeType: "application/pdf", buffer: file } };
}

async function bearerClient(session: APIRequestContext, name = "e2e script") {
  const res = await session.post("/api/v1/me/tokens", { data: { name, expiresInDays: 7 } });
  expect(res.status()).toBe(201);
  const { token, id } = await res.json();
  expect(token).toMatch(/^sapt_/);
  const ctx = await request.newContext({ baseURL: E2E_BASE_URL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  return { ctx, token, id };
}

test("a consortium applies through the API with a personal access token; the receipt's hash is the canonical version's", async () => {
  test.setTimeout(120_000);
  const admin = await adminClient();
  // An admin opens a call through the API (the console pages come with issue 5).
  const slug = `e2e-call-${crypto.randomBytes(4).toString("hex")}`;
  const call = await admin.post("/api/v1/admin/calls", {
    data: {
      slug,
      titleKo: "E2E 시험 공고",
      titleEn: "E2E test call",
      ministryKo: "과학기술정보통신부",
      ministryEn: "MSIT",
      totalBudget: 193_600_000_000,
      opensAt: new Date(Date.now() - 86_400_000).toISOString(),
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      rubric: [
        { key: "independence", labelKo: "독자성", labelEn: "Independence", maxPoints: 50, weight: 60 },
        { key: "plan", labelKo: "계획", labelEn: "Plan", maxPoints: 50, weight: 40 },
      ],
    },
  });
  expect(call.status()).toBe(201);
  const callId = (await call.json()).id;

  const lead = await verifiedApplicant(admin);
  const partner = await verifiedApplicant(admin);
  const outsider = await verifiedApplicant(admin);
  const { ctx: api, id: tokenId } = await bearerClient(lead.ctx);
  // A token cannot mint tokens.
  expect((await api.post("/api/v1/me/tokens", { data: { name: "again" } })).status()).toBe(403);

  const created = await api.post("/api/v1/consortia", { data: { callSlug: slug, name: "E2E 컨소시엄", lead: org("E2E 주관사", "LARGE_ENTERPRISE") } });
  expect(created.status()).toBe(201);
  const consortiumId = (await created.json()).id;
  const badOrg = await api.post(`/api/v1/consortia/${consortiumId}/organizations`, { data: { organization: { ...org(), businessRegNo: "123-45-67890" } } });
  expect(badOrg.status()).toBe(422);
  expect((await badOrg.json()).error.fields).toEqual({ "organization.businessRegNo": "사업자등록번호가 올바르지 않습니다 (10자리, 검증번호 불일치)." });
  const part = await (await api.post(`/api/v1/consortia/${consortiumId}/organizations`, { data: { organization: org("E2E 대학교", "UNIVERSITY"), budgetShareKrw: 10_000_000_000 } })).json();
  let view = await (await api.get(`/api/v1/consortia/${consortiumId}`)).json();
  const leadOrgId = view.organizations.find((o: { role: string }) => o.role === "LEAD").id;
  expect((await api.patch(`/api/v1/consortia/${consortiumId}/organizations/${leadOrgId}`, { data: { budgetShareKrw: 20_000_000_000 } })).status()).toBe(200);

  // Invite the partner, who accepts with their own session and confirms their organisation.
  expect((await api.post(`/api/v1/consortia/${consortiumId}/invitations`, { data: { email: partner.email, organizationId: part.organizationId, role: "EDITOR" } })).status()).toBe(201);
  const link = await linkFromOutbox(admin, partner.email);
  const token = new URL(link, E2E_BASE_URL).searchParams.get("token");
  expect((await outsider.ctx.post("/api/v1/invitations/accept", { data: { token } })).status()).toBe(403);
  expect((await partner.ctx.post("/api/v1/invitations/accept", { data: { token } })).status()).toBe(200);
  expect((await partner.ctx.post(`/api/v1/consortia/${consortiumId}/organizations/${part.organizationId}/confirm`)).status()).toBe(200);
  expect((await api.post(`/api/v1/consortia/${consortiumId}/organizations/${leadOrgId}/confirm`)).status()).toBe(200);
  view = await (await api.get(`/api/v1/consortia/${consortiumId}`)).json();
  expect(view.organizations.every((o: { confirmed: boolean }) => o.confirmed)).toBe(true);

  // The proposal: draft with If-Match, a stale save is 409.
  const p = await api.post("/api/v1/proposals", { data: { consortiumId } });
  expect(p.status()).toBe(201);
  const proposalId = (await p.json()).id;
  expect((await api.patch(`/api/v1/proposals/${proposalId}`, { data: { draft: fullDraft() } })).status()).toBe(400);
  const saved = await api.patch(`/api/v1/proposals/${proposalId}`, { headers: { "if-match": '"1"' }, data: { draft: fullDraft() } });
  expect(saved.status()).toBe(200);
  expect(saved.headers()["etag"]).toBe('"2"');
  const stale = await partner.ctx.patch(`/api/v1/proposals/${proposalId}`, { headers: { "if-match": '"1"' }, data: { draft: { overview: { titleKo: "덮어쓰기" } } } });
  expect(stale.status()).toBe(409);
  expect((await stale.json()).error.code).toBe("VERSION_CONFLICT");
  const fineTunedNoBase = await api.patch(`/api/v1/proposals/${proposalId}`, { headers: { "if-match": '"2"' }, data: { draft: { models: [{ parameterCount: -1 }] } } });
  expect(fineTunedNoBase.status()).toBe(422);

  // Attachments: a 12 MiB business plan arrives whole (no proxy truncation), hashed end to end.
  const big = bigPdf(12);
  const up = await api.post(`/api/v1/proposals/${proposalId}/attachments?kind=BUSINESS_PLAN`, { multipart: multipart(big, "사업계획서.pdf") });
  expect(up.status()).toBe(201);
  const att = await up.json();
  expect(att).toMatchObject({ size: big.length, sha256: sha256(big), fileName: "사업계획서.pdf" });
  const down = await api.get(`/api/v1/proposals/${proposalId}/attachments/${att.id}`);
  expect(down.status()).toBe(200);
  expect(sha256(await down.body())).toBe(att.sha256);
  const exe = await api.post(`/api/v1/proposals/${proposalId}/attachments?kind=CONSORTIUM_AGREEMENT`, { multipart: { file: { name: "협약서.pdf", mimeType: "application/pdf", buffer: Buffer.concat([Buffer.from("MZ"), Buffer.alloc(2048)]) } } });
  expect(exe.status()).toBe(415);
  expect((await api.post(`/api/v1/proposals/${proposalId}/attachments?kind=CONSORTIUM_AGREEMENT`, { multipart: multipart(pdf("agreement"), "협약서.pdf") })).status()).toBe(201);

  // Others do not see it at all.
  expect((await outsider.ctx.get(`/api/v1/proposals/${proposalId}`)).status()).toBe(404);
  expect((await outsider.ctx.get(`/api/v1/consortia/${consortiumId}`)).status()).toBe(404);
  expect((await outsider.ctx.post(`/api/v1/proposals/${proposalId}/submit`)).status()).toBe(404);
  expect((await outsider.ctx.get(`/api/v1/proposals/${proposalId}/attachments/${att.id}`)).status()).toBe(404);
  // The editor may not submit.
  expect((await partner.ctx.post(`/api/v1/proposals/${proposalId}/submit`)).status()).toBe(403);

  // Submit twice with one Idempotency-Key: one version, one receipt.
  const key = crypto.randomUUID();
  const first = await api.post(`/api/v1/proposals/${proposalId}/submit`, { headers: { "idempotency-key": key } });
  expect(first.status()).toBe(201);
  const receipt = await first.json();
  expect(receipt).toMatchObject({ versionNo: 1 });
  const again = await api.post(`/api/v1/proposals/${proposalId}/submit`, { headers: { "idempotency-key": key } });
  expect(again.headers()["idempotent-replayed"]).toBe("true");
  expect(await again.json()).toEqual(receipt);
  const version = await api.get(`/api/v1/proposals/${proposalId}/versions/1`);
  expect(version.status()).toBe(200);
  const doc = await version.json();
  expect(sha256(canonicalize(doc)!)).toBe(receipt.sha256);
  expect(doc.attachments.find((a: { kind: string }) => a.kind === "BUSINESS_PLAN").sha256).toBe(sha256(big));
  expect((await api.get(`/api/v1/proposals/${proposalId}/versions/2`)).status()).toBe(404);

  // Admin-only routes refuse the applicant (403), whether by token or by session.
  const ext = { consortiumId, until: new Date(Date.now() + 2 * 86_400_000).toISOString(), reason: "포털 장애 보고서 E2E-1에 따른 연장" };
  expect((await api.post("/api/v1/admin/extensions", { data: ext })).status()).toBe(403);
  expect((await lead.ctx.patch(`/api/v1/admin/calls/${callId}`, { data: { titleKo: "x" } })).status()).toBe(403);

  // The admin moves the cutoff into the past: submissions exist, so it must be confirmed.
  const past = new Date(Date.now() - 1000).toISOString();
  const unconfirmed = await admin.patch("/api/v1/admin/calls", { data: { id: callId, closesAt: past } });
  expect(unconfirmed.status()).toBe(409);
  expect((await admin.patch("/api/v1/admin/calls", { data: { id: callId, closesAt: past, confirmCutoffChange: true } })).status()).toBe(200);

  // After the cutoff every write is 403 CALL_CLOSED; what was saved is still there.
  const late = await api.post(`/api/v1/proposals/${proposalId}/submit`, { headers: { "idempotency-key": crypto.randomUUID() } });
  expect(late.status()).toBe(403);
  expect(await late.json()).toMatchObject({ error: { code: "CALL_CLOSED", message: "접수가 마감되어 더 이상 저장하거나 제출할 수 없습니다." } });
  expect((await api.patch(`/api/v1/proposals/${proposalId}`, { headers: { "if-match": '"2"' }, data: { draft: fullDraft() } })).status()).toBe(403);
  expect((await api.post(`/api/v1/proposals/${proposalId}/withdraw`)).status()).toBe(403);
  expect((await api.post(`/api/v1/proposals/${proposalId}/attachments?kind=OTHER`, { multipart: multipart(pdf(), "x.pdf") })).status()).toBe(403);
  // The retried key still gets its receipt.
  expect(await (await api.post(`/api/v1/proposals/${proposalId}/submit`, { headers: { "idempotency-key": key } })).json()).toEqual(receipt);
  const after = await (await api.get(`/api/v1/proposals/${proposalId}`)).json();
  expect(after).toMatchObject({ status: "SUBMITTED", lastVersionNo: 1, draftVersion: 2 });
  const lateList = await (await admin.get(`/api/v1/admin/late-attempts?callId=${callId}`)).json();
  expect(lateList.lateAttempts.map((l: { action: string }) => l.action).sort()).toEqual(["ATTACHMENT_UPLOAD", "DRAFT_SAVE", "SUBMIT", "WITHDRAW"]);

  // An extension for this consortium reopens it alone.
  expect((await admin.post("/api/v1/admin/extensions", { data: ext })).status()).toBe(201);
  expect((await api.post(`/api/v1/proposals/${proposalId}/withdraw`)).status()).toBe(200);

  // A revoked token stops working at once.
  expect((await lead.ctx.delete(`/api/v1/me/tokens/${tokenId}`)).status()).toBe(200);
  const revoked = await api.get(`/api/v1/proposals/${proposalId}`);
  expect(revoked.status()).toBe(401);
  for (const c of [api, admin, lead.ctx, partner.ctx, outsider.ctx]) await c.dispose();
});
