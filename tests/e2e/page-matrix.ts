// The permission matrix's world, shared by access-matrix.spec.ts (who may see what) and
// every-page.spec.ts (how every page reads: axe, titles, phone width): the pages found on disk and a
// scene with a submitted proposal, its reviewers and every kind of outsider.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, request, type APIRequestContext } from "@playwright/test";
import { E2E_BASE_URL } from "./env";
import { adminClient, newClient, verifiedApplicant } from "./helpers";
import { closeCall, createCall, reviewerClient, submittedProposal } from "./fixtures";
import { hwpx, pdf } from "../support/files";

export interface Ids {
  consortiumId: string;
  proposalId: string;
  assignmentId: string;
  attachmentId: string;
  callId: string;
  slug: string;
}

export function fill(template: string, ids: Ids): string {
  return template
    .replace(/\/consortia\/\{id\}/, `/consortia/${ids.consortiumId}`)
    .replace(/\/proposals\/\{id\}/, `/proposals/${ids.proposalId}`)
    .replace(/\/review\/assignments\/\{id\}/, `/review/assignments/${ids.assignmentId}`)
    .replace(/\/admin\/calls\/\{id\}/, `/admin/calls/${ids.callId}`)
    .replace("{attachmentId}", ids.attachmentId)
    .replace("{slug}", ids.slug)
    .replace("{file}", "proposals.csv")
    .replace("{n}", "1")
    .replace(/\{\w+\}/g, crypto.randomUUID());
}


/** Assigns `reviewer` to the proposal and returns the new assignment's id. */
async function assign(admin: APIRequestContext, proposalId: string, reviewer: { ctx: APIRequestContext; id: string }) {
  expect((await admin.post("/api/v1/admin/assignments", { data: { proposalId, reviewerId: reviewer.id } })).status()).toBe(201);
  const mine = (await (await reviewer.ctx.get("/api/v1/review/assignments")).json()).assignments as { id: string; proposalId: string }[];
  return mine.find((a) => a.proposalId === proposalId)!.id;
}

/**
 * A submitted proposal of a closed call (so reviewing is open) with a name found nowhere else, an
 * assigned reviewer, and every kind of outsider. The conflicted reviewer first reads and scores the
 * proposal through each reviewer route (so those routes demonstrably served them), then declares a
 * conflict of interest on the assignment.
 */
export async function scene() {
  const admin = await adminClient();
  const c = await createCall(admin);
  // The call's 공고문, a 서식 and 문의처, so the pages that list them are checked with them (issue 12 item 8).
  for (const [kind, name, buffer] of [["ANNOUNCEMENT", "2025년 독자 AI 파운데이션 모델 개발 지원 사업 공고문.pdf", pdf("공고문")], ["FORM", "참여기관 확약서 서식.hwpx", await hwpx()]] as const) {
    const res = await admin.post(`/api/v1/admin/calls/${c.id}/documents?kind=${kind}`, { multipart: { file: { name, mimeType: "application/octet-stream", buffer } } });
    expect(res.status()).toBe(201);
  }
  const contact = { contactDepartment: "과학기술정보통신부 인공지능기반정책과", contactPhone: "044-202-6000", contactEmail: "ai-policy@example.go.kr" };
  expect((await admin.patch(`/api/v1/admin/calls/${c.id}`, { data: contact })).status()).toBe(200);
  const secret = `비밀 컨소시엄 ${crypto.randomBytes(4).toString("hex")}`;
  const p = await submittedProposal(admin, c.slug, { name: secret });
  await closeCall(admin, c.id);
  const reviewer = await reviewerClient(admin, "배정 심사위원", "kaist.ac.kr");
  const assignmentId = await assign(admin, p.proposalId, reviewer);
  const attachmentId = (await (await p.lead.ctx.get(`/api/v1/proposals/${p.proposalId}`)).json()).attachments[0].id as string;
  const ids: Ids = { consortiumId: p.consortiumId, proposalId: p.proposalId, assignmentId, attachmentId, callId: c.id, slug: c.slug };

  const conflicted = await reviewerClient(admin, "이해충돌 심사위원", "postech.ac.kr");
  const conflictedAssignmentId = await assign(admin, p.proposalId, conflicted);
  const base = `/api/v1/review/assignments/${conflictedAssignmentId}`;
  expect((await conflicted.ctx.post(`${base}/declaration`, { data: { noConflict: true, confidentiality: true } })).status()).toBe(200);
  expect((await conflicted.ctx.get(base)).status()).toBe(200);
  expect((await conflicted.ctx.get(`${base}/attachments/${attachmentId}`)).status()).toBe(200);
  expect((await conflicted.ctx.put(base, { data: { scores: { independence: 20 }, comment: "읽는 중", submit: false } })).status()).toBe(200);
  const declared = await conflicted.ctx.post(`${base}/conflict`, { data: { reason: "주관기관 연구책임자와 최근 3년 내 공동연구를 했습니다." } });
  expect(declared.status()).toBe(200);
  expect(await declared.json()).toMatchObject({ id: conflictedAssignmentId, status: "CONFLICTED" });

  const anon = await newClient();
  const other = (await verifiedApplicant(admin)).ctx;
  const outsider = (await reviewerClient(admin, "미배정 심사위원", "snu.ac.kr")).ctx;
  // A disabled user's session and a revoked token.
  const disabled = await verifiedApplicant(admin);
  const me = await (await disabled.ctx.get("/api/v1/me")).json();
  expect((await admin.patch(`/api/v1/admin/users/${me.id}`, { data: { disabled: true } })).status()).toBe(200);
  const minted = await (await other.post("/api/v1/me/tokens", { data: { name: "곧 폐기" } })).json();
  expect((await other.delete(`/api/v1/me/tokens/${minted.id}`)).status()).toBe(200);
  const revoked = await request.newContext({ baseURL: E2E_BASE_URL, extraHTTPHeaders: { authorization: `Bearer ${minted.token}` } });
  const dispose = async () => {
    for (const cl of [admin, anon, other, outsider, disabled.ctx, revoked, reviewer.ctx, conflicted.ctx, p.lead.ctx, p.partner.ctx]) await cl.dispose();
  };
  return { admin, call: c, p, secret, ids, reviewer, conflicted: conflicted.ctx, conflictedAssignmentId, anon, other, outsider, disabled: disabled.ctx, revoked, dispose };
}


/** Every page.tsx under app/, as a URL template: route groups dropped, [id] → {id}. */
export function pages(dir = "app"): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name.startsWith("_") || (dir === "app" && d.name === "api") ? [] : pages(p);
    if (d.name !== "page.tsx") return [];
    const segments = path.relative("app", path.dirname(p)).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
    return ["/" + segments.map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/")];
  });
}

export const PUBLIC_PAGES = new Set(["/", "/calls/{slug}", "/forgot", "/privacy", "/register", "/reset", "/signin", "/signin/link", "/signin/request-link", "/terms", "/verify"]);
/** Pages about one private record: 404 for everyone it is not shown to. */
export const RECORD_PAGES = new Set(["/consortia/{id}", "/proposals/{id}", "/proposals/{id}/receipt/{n}"]);
/** The signed-in user's own lists and settings: open to any signed-in user, showing only their own things. */
export const OWN_PAGES = new Set(["/account", "/consortia", "/invitations/accept", "/review"]);

export function fillPage(template: string, ids: Ids): string {
  return template
    .replace("/admin/reviews/{callId}", `/admin/reviews/${ids.callId}`)
    .replace("/admin/calls/{id}", `/admin/calls/${ids.callId}`)
    .replace("/admin/proposals/{id}", `/admin/proposals/${ids.proposalId}`)
    .replace("/consortia/{id}", `/consortia/${ids.consortiumId}`)
    .replace("/proposals/{id}", `/proposals/${ids.proposalId}`)
    .replace("/review/assignments/{id}", `/review/assignments/${ids.assignmentId}`)
    .replace("{attachmentId}", ids.attachmentId)
    .replace("{slug}", ids.slug)
    .replace("{n}", "1");
}

