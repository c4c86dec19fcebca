// API-built scenes for e2e tests: a call, a submitted proposal, reviewers. Pages under test build their own.
import crypto from "node:crypto";
import { expect, type APIRequestContext } from "@playwright/test";
import { E2E_BASE_URL } from "./env";
import { linkFromOutbox, newClient, signIn, verifiedApplicant } from "./helpers";
import { pdf } from "../support/files";
import { fullDraft, org } from "../support/builders";

export const REVIEWER_PASSWORD = "reviewer-passphrase-2025";

/** A call opened yesterday, closing in `closesInMs`, with the program's five-criterion rubric. */
export async function createCall(admin: APIRequestContext, opts: { closesInMs?: number; title?: string } = {}) {
  const slug = `e2e-${crypto.randomBytes(4).toString("hex")}`;
  const res = await admin.post("/api/v1/admin/calls", {
    data: {
      slug,
      titleKo: opts.title ?? "[E2E] 독자 AI 파운데이션 모델",
      titleEn: "[E2E] Sovereign AI",
      ministryKo: "과학기술정보통신부",
      ministryEn: "MSIT",
      totalBudget: 193_600_000_000,
      opensAt: new Date(Date.now() - 86_400_000).toISOString(),
      closesAt: new Date(Date.now() + (opts.closesInMs ?? 7 * 86_400_000)).toISOString(),
      rubric: [
        { key: "independence", labelKo: "모델 독자성", labelEn: "Independence", maxPoints: 30, weight: 30 },
        { key: "technical", labelKo: "기술 역량", labelEn: "Technical capability", maxPoints: 25, weight: 25 },
        { key: "consortium", labelKo: "컨소시엄 구성", labelEn: "Consortium", maxPoints: 15, weight: 15 },
        { key: "compute_data", labelKo: "컴퓨팅·데이터 계획", labelEn: "Compute and data", maxPoints: 15, weight: 15 },
        { key: "ecosystem", labelKo: "생태계 기여", labelEn: "Ecosystem", maxPoints: 15, weight: 15 },
      ],
    },
  });
  expect(res.status()).toBe(201);
  return { id: (await res.json()).id as string, slug };
}

/** Moves a call's cutoff into the past (confirmed), so versions are final and reviewing can start. */
export async function closeCall(admin: APIRequestContext, callId: string) {
  expect((await admin.patch(`/api/v1/admin/calls/${callId}`, { data: { closesAt: new Date(Date.now() - 1000).toISOString(), confirmCutoffChange: true } })).status()).toBe(200);
}

type ExtraFile = { kind: string; name: string; mimeType: string; buffer: Buffer };

/**
 * A consortium (lead + confirmed participant) whose proposal is submitted; `models` overrides the
 * draft's, `extra` adds attachments, `submit: false` leaves it ready but unsubmitted (receipt null).
 */
export async function submittedProposal(admin: APIRequestContext, slug: string, opts: { name?: string; models?: unknown[]; extra?: ExtraFile[]; submit?: boolean } = {}) {
  const lead = await verifiedApplicant(admin);
  const partner = await verifiedApplicant(admin);
  const api = lead.ctx;
  const c = await api.post("/api/v1/consortia", { data: { callSlug: slug, name: opts.name ?? `컨소시엄 ${crypto.randomBytes(2).toString("hex")}`, lead: org("주관 주식회사", "LARGE_ENTERPRISE") } });
  expect(c.status()).toBe(201);
  const consortiumId = (await c.json()).id as string;
  const part = await (await api.post(`/api/v1/consortia/${consortiumId}/organizations`, { data: { organization: org("참여 대학교", "UNIVERSITY"), budgetShareKrw: 10_000_000_000 } })).json();
  const leadOrgId = (await (await api.get(`/api/v1/consortia/${consortiumId}`)).json()).organizations[0].id;
  await api.patch(`/api/v1/consortia/${consortiumId}/organizations/${leadOrgId}`, { data: { budgetShareKrw: 20_000_000_000 } });
  await api.post(`/api/v1/consortia/${consortiumId}/invitations`, { data: { email: partner.email, organizationId: part.organizationId, role: "VIEWER" } });
  const token = new URL(await linkFromOutbox(admin, partner.email), E2E_BASE_URL).searchParams.get("token");
  expect((await partner.ctx.post("/api/v1/invitations/accept", { data: { token } })).status()).toBe(200);
  expect((await partner.ctx.post(`/api/v1/consortia/${consortiumId}/organizations/${part.organizationId}/confirm`)).status()).toBe(200);
  expect((await api.post(`/api/v1/consortia/${consortiumId}/organizations/${leadOrgId}/confirm`)).status()).toBe(200);
  const proposalId = (await (await api.post("/api/v1/proposals", { data: { consortiumId } })).json()).id as string;
  expect((await api.patch(`/api/v1/proposals/${proposalId}`, { headers: { "if-match": '"1"' }, data: { draft: fullDraft(opts.models ? { models: opts.models } : {}) } })).status()).toBe(200);
  for (const [kind, name] of [["BUSINESS_PLAN", "사업계획서.pdf"], ["CONSORTIUM_AGREEMENT", "협약서.pdf"]] as const) {
    expect((await api.post(`/api/v1/proposals/${proposalId}/attachments?kind=${kind}`, { multipart: { file: { name, mimeType: "application/pdf", buffer: pdf(kind) } } })).status()).toBe(201);
  }
  for (const f of opts.extra ?? []) {
    expect((await api.post(`/api/v1/proposals/${proposalId}/attachments?kind=${f.kind}`, { multipart: { file: { name: f.name, mimeType: f.mimeType, buffer: f.buffer } } })).status()).toBe(201);
  }
  if (opts.submit === false) return { proposalId, consortiumId, lead, partner, receipt: null as never };
  const receipt = await api.post(`/api/v1/proposals/${proposalId}/submit`, { headers: { "idempotency-key": crypto.randomUUID() } });
  expect(receipt.status()).toBe(201);
  return { proposalId, consortiumId, lead, partner, receipt: await receipt.json() };
}

/** A reviewer created by the admin (invitation link → password), signed in; `domain` decides e-mail conflicts. */
export async function reviewerClient(admin: APIRequestContext, name: string, domain = "kaist.ac.kr") {
  const email = `rev-${crypto.randomBytes(4).toString("hex")}@${domain}`;
  const created = await admin.post("/api/v1/admin/users", { data: { email, name, roles: ["REVIEWER"] } });
  expect(created.status()).toBe(201);
  const id = (await created.json()).id as string;
  const ctx = await newClient();
  const invite = new URL(await linkFromOutbox(admin, email), E2E_BASE_URL);
  expect((await ctx.post("/api/v1/password/reset", { data: { token: invite.searchParams.get("token"), password: REVIEWER_PASSWORD } })).status()).toBe(200);
  await signIn(ctx, email, REVIEWER_PASSWORD);
  return { ctx, email, id, name };
}
