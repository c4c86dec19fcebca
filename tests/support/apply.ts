import crypto from "node:crypto";
import type { Actor } from "../../lib/auth/actor";
import { db } from "../../lib/db/client";
import { createConsortium } from "../../lib/consortia/create-consortium";
import { addOrganization, confirmParticipation } from "../../lib/consortia/manage-organizations";
import { inviteMember, acceptInvitation } from "../../lib/consortia/invitations";
import { createProposal } from "../../lib/proposals/create-proposal";
import { saveDraft } from "../../lib/proposals/save-draft";
import { uploadAttachment } from "../../lib/proposals/attachments";
import { receiveUpload } from "../../lib/storage/multipart";
import type { MemberRole } from "../../lib/db/generated/enums";
import { PROGRAM_RUBRIC } from "../../lib/calls/program";
import { ctx, makeUser, tokenFromLastMail } from "./factories";
import { pdf } from "./files";
import { fullDraft, org } from "./builders";

export { fullDraft, makeBusinessRegNo, org, REQUESTED_KRW } from "./builders";

/** A call that is open now (the real clock) unless told otherwise. */
export async function makeCall(opts: { opensAt?: Date; closesAt?: Date } = {}) {
  const slug = `test-${crypto.randomBytes(5).toString("hex")}`;
  return db.call.create({
    data: {
      slug,
      titleKo: "시험 공고",
      titleEn: "Test call",
      ministryKo: "과학기술정보통신부",
      ministryEn: "MSIT",
      totalBudget: 193_600_000_000n,
      opensAt: opts.opensAt ?? new Date(Date.now() - 86_400_000),
      closesAt: opts.closesAt ?? new Date(Date.now() + 30 * 86_400_000),
      rubric: PROGRAM_RUBRIC as never,
      rules: { requiredAttachments: ["BUSINESS_PLAN", "CONSORTIUM_AGREEMENT"] },
    },
  });
}

/** A multipart upload request, as a browser sends it. */
export function uploadRequest(bytes: Buffer, fileName: string, type = "application/pdf") {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)], { type }), fileName);
  return new Request("http://portal.test/api/v1/upload", { method: "POST", body: form });
}

export function upload(actor: Actor, proposalId: string, kind: string, bytes: Buffer = pdf(), fileName = "사업계획서.pdf") {
  const req = uploadRequest(bytes, fileName);
  return uploadAttachment(actor, proposalId, kind, (maxBytes) => receiveUpload(req, { maxBytes }), ctx);
}

/** Adds a member with the given role through the invitation flow. */
export async function addMember(owner: Actor, consortiumId: string, organizationId: string, role: MemberRole) {
  const user = await makeUser(["APPLICANT"]);
  // A fresh address each time, so fixture-heavy files stay under the per-address limits (decision 012).
  const from = { ...ctx, ip: `198.18.${crypto.randomInt(0, 256)}.${crypto.randomInt(1, 255)}` };
  await inviteMember(owner, consortiumId, { email: user.email, organizationId, role }, from);
  await acceptInvitation(user, { token: await tokenFromLastMail(user.email) }, from);
  return user;
}

/**
 * A consortium (lead + one participant, both confirmed, shares adding up) with a full draft and the
 * required attachments: ready to submit.
 */
export async function readyProposal(callSlug: string) {
  const owner = await makeUser(["APPLICANT"]);
  const c = await createConsortium(owner, { callSlug, name: "독자AI 컨소시엄", lead: org("리드 주식회사", "LARGE_ENTERPRISE") }, ctx);
  const lead = await db.consortium.findUniqueOrThrow({ where: { id: c.id }, select: { leadOrganizationId: true } });
  const part = await addOrganization(owner, c.id, { organization: org("참여 대학교", "UNIVERSITY"), budgetShareKrw: 10_000_000_000 }, ctx);
  await db.consortiumOrganization.updateMany({ where: { consortiumId: c.id, organizationId: lead.leadOrganizationId }, data: { budgetShareKrw: 20_000_000_000n } });
  const partner = await addMember(owner, c.id, part.organizationId, "VIEWER");
  await confirmParticipation(owner, c.id, lead.leadOrganizationId, ctx);
  await confirmParticipation(partner, c.id, part.organizationId, ctx);
  const p = await createProposal(owner, { consortiumId: c.id }, ctx);
  const saved = await saveDraft(owner, p.id, { draft: fullDraft(), expectedVersion: p.draftVersion }, ctx);
  await upload(owner, p.id, "BUSINESS_PLAN");
  await upload(owner, p.id, "CONSORTIUM_AGREEMENT", pdf("agreement"), "협약서.pdf");
  return { owner, partner, consortiumId: c.id, proposalId: p.id, draftVersion: saved.draftVersion, leadOrganizationId: lead.leadOrganizationId, partOrganizationId: part.organizationId };
}
