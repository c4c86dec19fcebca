import { Readable } from "node:stream";
import type { Actor, RequestContext } from "@/lib/auth/actor";
import { PROGRAM_CALL } from "@/lib/calls/program";
import { createConsortium } from "@/lib/consortia/create-consortium";
import { confirmParticipation, updateOrganization } from "@/lib/consortia/manage-organizations";
import { uploadAttachment } from "@/lib/proposals/attachments";
import { createProposal } from "@/lib/proposals/create-proposal";
import { saveDraft } from "@/lib/proposals/save-draft";
import { submitProposal } from "@/lib/proposals/submit-proposal";
import { assignReviewer } from "@/lib/reviews/assign";
import { saveReview, signDeclaration } from "@/lib/reviews/reviewer";
import { getFileStore } from "@/lib/storage";
import { detectFileType } from "@/lib/storage/file-type";
import { fixedClock, setClock } from "@/lib/time/clock";
import { recordAudit } from "@/lib/audit/record";
import { withCheckDigit } from "@/lib/consortia/business-number";
import { db } from "./client";

// A closed demo call with three sample proposals, already submitted and partly reviewed, so that a
// fresh `npm start` shows the reviewer workspace and the admin ranking with something in them.
// Everything goes through the real services; the submissions happen on an injected clock the day
// before that call's cutoff. The organisations come from PROGRAM.md's article table, marked as
// samples; their business numbers are made up (valid check digits only).

export const DEMO_CLOSED_CALL_SLUG = "demo-closed-sovereign-ai-2025";

const ctx: RequestContext = { ip: null, baseUrl: process.env.NEXTAUTH_URL ?? "http://localhost:3000", locale: "ko" };
// Office 900, type 81 (영리법인 본점): a number the 국세청 could issue (decision 013).
const sampleRegNo = (n: number) => withCheckDigit(`90081${String(n).padStart(4, "0")}`);

function samplePdf(title: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${title.replace(/[^\x20-\x7e]/g, "?")}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, "latin1");
}

const SAMPLES = [
  {
    key: "trillion",
    consortium: "트릴리온랩스 컨소시엄 (샘플)",
    lead: { name: "트릴리온랩스 (샘플)", type: "SME_STARTUP" as const, representativeName: "신재민" },
    title: "한국어 중심 21B 스크래치 파운데이션 모델 (샘플)",
    budget: 40_000_000_000,
    models: [{ name: "Tri-21B (샘플)", parameterCount: 21_000_000_000, architecture: "decoder-only transformer", approach: "FROM_SCRATCH", ownTokenizer: true }],
    scores: [[27, 22, 13, 13, 14], [24, 20, 12, 12, 12]],
  },
  {
    key: "moreh",
    consortium: "모레 컨소시엄 (샘플)",
    lead: { name: "모레 (샘플)", type: "SME_STARTUP" as const, representativeName: "조강원" },
    title: "102B 규모 파운데이션 모델과 가상화 GPU 최적화 (샘플)",
    budget: 60_000_000_000,
    models: [{ name: "Motif 102B (샘플)", parameterCount: 102_000_000_000, architecture: "decoder-only transformer", approach: "FROM_SCRATCH", ownTokenizer: true }],
    scores: [[25, 21, 11, 14, 12], [18, 15, 9, 10, 8]],
  },
  {
    key: "sample-ft",
    consortium: "미세조정 예시 컨소시엄 (샘플)",
    lead: { name: "예시 AI 주식회사 (샘플)", type: "MID_SIZED" as const, representativeName: "홍길동" },
    title: "해외 공개 모델 미세조정 예시 (샘플)",
    budget: 20_000_000_000,
    models: [{ name: "예시 미세조정 모델 (샘플)", parameterCount: 8_000_000_000, architecture: "decoder-only transformer", approach: "FINE_TUNED", baseModel: { name: "Llama 3.1 8B", developer: "Meta", country: "US", license: "Llama 3.1 Community License" } }],
    scores: [[8, 15, 10, 9, 6], [10, 14, 9, 10, 7]],
  },
];

async function sampleUser(email: string, name: string, roles: ("APPLICANT" | "REVIEWER")[]): Promise<Actor> {
  // No password: sample people cannot sign in.
  const u = await db.user.upsert({ where: { email }, create: { email, name, roles, emailVerifiedAt: new Date() }, update: {} });
  return { id: u.id, email: u.email, name: u.name, roles: u.roles, locale: u.locale };
}

export async function seedDemoReviewScene(opts: { demoReviewerEmail: string; adminEmail: string; log: (l: string) => void }) {
  let call = await db.call.findUnique({ where: { slug: DEMO_CLOSED_CALL_SLUG }, select: { id: true } });
  if (call && (await db.proposal.count({ where: { callId: call.id } })) > 0) return;
  if (!call) {
    call = await db.$transaction(async (tx) => {
      const c = await tx.call.create({
        data: {
          ...PROGRAM_CALL,
          slug: DEMO_CLOSED_CALL_SLUG,
          titleKo: "[데모·마감] 독자 AI 파운데이션 모델 개발 지원 사업 (심사 체험용)",
          titleEn: "[Demo, closed] Sovereign AI Foundation Model Program (for trying the review)",
          summaryKo: "심사와 관리자 화면을 체험할 수 있도록 샘플 제안서 세 건이 제출된 마감 공고입니다. 실제 신청이 아니며, 기관명은 기사에 나온 이름에 (샘플)을 붙인 예시입니다.",
          summaryEn: "A closed demo call with three sample proposals, for trying the review and admin pages. Not real applications.",
          isDemo: true,
          rubric: PROGRAM_CALL.rubric as object[],
          rules: PROGRAM_CALL.rules,
        },
        select: { id: true },
      });
      await recordAudit(tx, { entityType: "CALL", entityId: c.id, action: "call.created", data: { slug: DEMO_CLOSED_CALL_SLUG, by: "seed" } });
      return c;
    });
  }
  const restore = setClock(fixedClock("2025-07-20T05:00:00.000Z")); // the day before the cutoff, 14:00 KST
  const proposals: string[] = [];
  try {
    for (const [i, s] of SAMPLES.entries()) {
      const owner = await sampleUser(`sample-${s.key}@${s.key}.example`, `${s.lead.representativeName} (샘플)`, ["APPLICANT"]);
      const c = await createConsortium(owner, { callSlug: DEMO_CLOSED_CALL_SLUG, name: s.consortium, lead: { ...s.lead, businessRegNo: sampleRegNo(i + 1) } }, ctx);
      await updateOrganization(owner, c.id, c.leadOrganizationId, { budgetShareKrw: s.budget, responsibility: "모델 설계·사전학습·평가 총괄" }, ctx);
      await confirmParticipation(owner, c.id, c.leadOrganizationId, ctx);
      const p = await createProposal(owner, { consortiumId: c.id }, ctx);
      const draft = {
        overview: { titleKo: s.title, titleEn: `${s.key} sample proposal`, summary: "기사에 나온 공개 정보를 바탕으로 만든 가상의 예시 제안서입니다.", durationMonths: 24, requestedBudgetKrw: s.budget },
        models: s.models,
        plan: { computePlan: "예시: GPU 클러스터 확보 및 운영 계획", dataPlan: "예시: 한국어 말뭉치 수집·정제 계획" },
        declarations: { accurate: true, noDuplicateFunding: true, privacyConsent: true },
      };
      await saveDraft(owner, p.id, { draft, expectedVersion: p.draftVersion }, ctx);
      for (const [kind, fileName] of [["BUSINESS_PLAN", "사업계획서(샘플).pdf"], ["CONSORTIUM_AGREEMENT", "컨소시엄협약서(샘플).pdf"]] as const) {
        await uploadAttachment(owner, p.id, kind, async (maxBytes) => {
          const bytes = samplePdf(`${s.key} ${kind}`);
          const stored = await getFileStore().put(Readable.from([bytes]), { maxBytes });
          return { fields: {}, file: { ...stored, fileName, clientType: "application/pdf", detected: await detectFileType(getFileStore().pathOf(stored.key)) } };
        }, ctx);
      }
      await submitProposal(owner, p.id, { body: {}, idempotencyKey: null }, ctx);
      proposals.push(p.id);
    }
  } finally {
    restore();
  }
  // Review: two sample reviewers have scored every proposal; the demo reviewer is assigned and has not begun.
  const admin = await db.user.findUnique({ where: { email: opts.adminEmail } });
  if (!admin) return;
  const adminActor: Actor = { id: admin.id, email: admin.email, name: admin.name, roles: admin.roles, locale: admin.locale };
  const reviewers = [await sampleUser("sample-reviewer-1@kaist.example", "샘플 심사위원 1", ["REVIEWER"]), await sampleUser("sample-reviewer-2@snu.example", "샘플 심사위원 2", ["REVIEWER"])];
  const keys = PROGRAM_CALL.rubric.map((c) => c.key);
  for (const [i, proposalId] of proposals.entries()) {
    for (const [j, r] of reviewers.entries()) {
      const a = await assignReviewer(adminActor, { proposalId, reviewerId: r.id }, ctx);
      await signDeclaration(r, a.id, { noConflict: true, confidentiality: true }, ctx);
      const scores = Object.fromEntries(keys.map((k, n) => [k, SAMPLES[i]!.scores[j]![n]!]));
      await saveReview(r, a.id, { scores, comment: "샘플 심사 의견입니다. 모델 독자성과 데이터 계획을 중심으로 평가했습니다.", submit: true }, ctx);
    }
    const demoReviewer = await db.user.findUnique({ where: { email: opts.demoReviewerEmail }, select: { id: true } });
    if (demoReviewer) await assignReviewer(adminActor, { proposalId, reviewerId: demoReviewer.id }, ctx);
  }
  opts.log(`seeded the closed demo call ${DEMO_CLOSED_CALL_SLUG} with ${proposals.length} sample proposals and reviews`);
}
