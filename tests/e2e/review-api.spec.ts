import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { adminClient, newClient } from "./helpers";
import { closeCall, createCall, reviewerClient, submittedProposal } from "./fixtures";

const scores = (n: number) => ({ independence: (30 * n) / 100, technical: (25 * n) / 100, consortium: (15 * n) / 100, compute_data: (15 * n) / 100, ecosystem: (15 * n) / 100 });

test("review API: assignment with a conflict warning, declaration before reading, scores, others' scores after one's own, no route for the unassigned", async () => {
  test.setTimeout(120_000);
  const admin = await adminClient();
  const call = await createCall(admin);
  const p = await submittedProposal(admin, call.slug);
  await closeCall(admin, call.id);
  const r1 = await reviewerClient(admin, "심사위원 1", "kaist.ac.kr");
  const r2 = await reviewerClient(admin, "심사위원 2", "snu.ac.kr");
  const conflicted = await reviewerClient(admin, "같은 도메인 심사위원", "example.com"); // applicants here are @example.com
  const outsider = await reviewerClient(admin, "미배정 심사위원", "postech.ac.kr");

  const warn = await admin.post("/api/v1/admin/assignments", { data: { proposalId: p.proposalId, reviewerId: conflicted.id } });
  expect(warn.status()).toBe(409);
  expect((await warn.json()).error.fields.reviewerId).toContain("이해충돌");
  const check = await (await admin.get(`/api/v1/admin/assignments/conflicts?proposalId=${p.proposalId}&reviewerId=${conflicted.id}`)).json();
  expect(check.conflicts).toEqual([{ type: "EMAIL_DOMAIN", domain: "example.com" }]);
  for (const r of [r1, r2]) expect((await admin.post("/api/v1/admin/assignments", { data: { proposalId: p.proposalId, reviewerId: r.id } })).status()).toBe(201);
  expect((await r1.ctx.post("/api/v1/admin/assignments", { data: { proposalId: p.proposalId, reviewerId: r1.id } })).status()).toBe(403);

  const mine = (await (await r1.ctx.get("/api/v1/review/assignments")).json()).assignments;
  expect(mine).toHaveLength(1);
  const id = mine[0].id;
  expect(mine[0]).toMatchObject({ proposalId: p.proposalId, receiptNo: p.receipt.receiptNo, state: "NEW" });
  const before = await r1.ctx.get(`/api/v1/review/assignments/${id}`);
  expect(before.status()).toBe(403);
  expect((await before.json()).error.code).toBe("DECLARATION_REQUIRED");
  expect((await r1.ctx.post(`/api/v1/review/assignments/${id}/declaration`, { data: { noConflict: true, confidentiality: true } })).status()).toBe(200);
  const view = await (await r1.ctx.get(`/api/v1/review/assignments/${id}`)).json();
  expect(view.version.sha256).toBe(p.receipt.sha256);
  expect(view.rubric.map((c: { key: string }) => c.key)).toEqual(["independence", "technical", "consortium", "compute_data", "ecosystem"]);
  const att = view.document.attachments[0];
  const file = await r1.ctx.get(`/api/v1/review/assignments/${id}/attachments/${att.id}`);
  expect(file.headers()["x-content-sha256"]).toBe(att.sha256);

  // Out of range: 422 and nothing saved; others' scores hidden until one's own is submitted.
  const bad = await r1.ctx.put(`/api/v1/review/assignments/${id}`, { data: { scores: { ...scores(80), independence: 31 }, comment: "충분히 구체적인 의견입니다.", submit: true } });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.fields["scores.independence"]).toBe("점수는 0점부터 그 항목의 배점까지 정수로 입력하세요.");
  expect((await r1.ctx.get(`/api/v1/review/assignments/${id}/reviews`)).status()).toBe(403);
  const saved = await r1.ctx.put(`/api/v1/review/assignments/${id}`, { data: { scores: scores(80), comment: "스크래치 설계가 구체적입니다.", submit: true } });
  expect(saved.status()).toBe(200);
  expect((await saved.json()).total).toBe(80);

  // The unassigned and the conflicted reach nothing: not the assignment, not its files, not the applicant routes.
  for (const [who, c] of [["outsider", outsider.ctx], ["conflicted", conflicted.ctx]] as const) {
    for (const path of [`/api/v1/review/assignments/${id}`, `/api/v1/review/assignments/${id}/reviews`, `/api/v1/review/assignments/${id}/attachments/${att.id}`, `/api/v1/proposals/${p.proposalId}`, `/api/v1/proposals/${p.proposalId}/versions/1`, `/api/v1/proposals/${p.proposalId}/attachments/${att.id}`]) {
      expect((await c.get(path)).status(), `${who} ${path}`).toBe(404);
    }
    expect((await c.put(`/api/v1/review/assignments/${id}`, { data: { scores: scores(100), comment: "x".repeat(20), submit: true } })).status(), who).toBe(404);
  }
  // r2 declares a conflict: the assignment is gone for them.
  const id2 = (await (await r2.ctx.get("/api/v1/review/assignments")).json()).assignments[0].id;
  expect((await r2.ctx.post(`/api/v1/review/assignments/${id2}/conflict`, { data: { reason: "참여기관과 공동연구 중" } })).status()).toBe(200);
  expect((await r2.ctx.get(`/api/v1/review/assignments/${id2}`)).status()).toBe(404);
  expect((await (await r2.ctx.get("/api/v1/review/assignments")).json()).assignments).toEqual([]);

  const ranking = await (await admin.get(`/api/v1/admin/calls/${call.id}/ranking`)).json();
  expect(ranking.rows.find((r: { proposalId: string }) => r.proposalId === p.proposalId)).toMatchObject({ submittedReviews: 1, mean: 80, trimmedMean: 80 });
  const anon = await newClient();
  expect((await anon.get("/api/v1/review/assignments")).status()).toBe(401);
  expect((await p.lead.ctx.get("/api/v1/review/assignments")).status()).toBe(403);
  expect((await p.lead.ctx.get(`/api/v1/admin/calls/${call.id}/ranking`)).status()).toBe(403);
  expect((await admin.get(`/api/v1/review/assignments/${crypto.randomUUID()}`)).status()).toBe(403); // admins are not reviewers
  for (const c of [admin, anon, r1.ctx, r2.ctx, conflicted.ctx, outsider.ctx, p.lead.ctx, p.partner.ctx]) await c.dispose();
});
