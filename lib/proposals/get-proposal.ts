import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";
import { proposalAccess } from "@/lib/consortia/access";
import { effectiveCutoff } from "@/lib/time/cutoff";
import { computeReadiness } from "./readiness";

/** A proposal as its consortium's members (and admins) see it: the draft, attachments, versions, readiness. */
export async function getProposal(actor: Actor, proposalId: string) {
  const access = await proposalAccess(actor, proposalId);
  const p = await db.proposal.findUniqueOrThrow({
    where: { id: access.proposalId },
    select: {
      id: true,
      status: true,
      draft: true,
      draftVersion: true,
      draftSavedAt: true,
      foreignFineTuneOnly: true,
      lastVersionNo: true,
      submittedAt: true,
      withdrawnAt: true,
      consortiumId: true,
      call: { select: { id: true, slug: true, titleKo: true, titleEn: true, opensAt: true, closesAt: true, rules: true } },
      consortium: { select: { name: true, extensions: { orderBy: { until: "desc" }, take: 1, select: { until: true } } } },
      attachments: { where: { replacedAt: null }, orderBy: [{ kind: "asc" }, { uploadedAt: "asc" }], select: { id: true, kind: true, fileName: true, mediaType: true, size: true, sha256: true, uploadedAt: true } },
      versions: { orderBy: { versionNo: "desc" }, select: { versionNo: true, receiptNo: true, sha256: true, submittedAt: true, draftVersion: true } },
    },
  });
  const extendedUntil = p.consortium.extensions[0]?.until ?? null;
  return {
    id: p.id,
    status: p.status,
    draft: p.draft,
    draftVersion: p.draftVersion,
    draftSavedAt: p.draftSavedAt.toISOString(),
    foreignFineTuneOnly: p.foreignFineTuneOnly,
    lastVersionNo: p.lastVersionNo,
    submittedAt: p.submittedAt?.toISOString() ?? null,
    withdrawnAt: p.withdrawnAt?.toISOString() ?? null,
    consortium: { id: p.consortiumId, name: p.consortium.name },
    call: { id: p.call.id, slug: p.call.slug, titleKo: p.call.titleKo, titleEn: p.call.titleEn, opensAt: p.call.opensAt.toISOString(), closesAt: p.call.closesAt.toISOString() },
    cutoff: effectiveCutoff({ opensAt: p.call.opensAt, closesAt: p.call.closesAt, extendedUntil }).toISOString(),
    extendedUntil: extendedUntil?.toISOString() ?? null,
    myRole: access.role,
    attachments: p.attachments.map((a) => ({ ...a, uploadedAt: a.uploadedAt.toISOString() })),
    versions: p.versions.map((v) => ({ ...v, submittedAt: v.submittedAt.toISOString() })),
    readiness: await computeReadiness(p.id),
  };
}

export type ProposalView = Awaited<ReturnType<typeof getProposal>>;

/** The document of submitted version n, exactly as stored: its canonical JSON hashes to the receipt's SHA-256. */
export async function getProposalVersion(actor: Actor, proposalId: string, versionNo: number) {
  const access = await proposalAccess(actor, proposalId);
  if (!Number.isSafeInteger(versionNo) || versionNo < 1) throw new AppError("NOT_FOUND");
  const v = await db.proposalVersion.findUnique({
    where: { proposalId_versionNo: { proposalId: access.proposalId, versionNo } },
    select: { document: true, sha256: true, receiptNo: true, submittedAt: true },
  });
  if (!v) throw new AppError("NOT_FOUND");
  // Where this receipt stands now (issue 12 item 11): replaced by a later version, or withdrawn; and who issues it.
  const p = await db.proposal.findUniqueOrThrow({
    where: { id: access.proposalId },
    select: { status: true, lastVersionNo: true, withdrawnAt: true, call: { select: { ministryKo: true, ministryEn: true } } },
  });
  const latest = p.lastVersionNo > versionNo ? await db.proposalVersion.findUnique({ where: { proposalId_versionNo: { proposalId: access.proposalId, versionNo: p.lastVersionNo } }, select: { versionNo: true, receiptNo: true, submittedAt: true } }) : null;
  return {
    ...v,
    supersededBy: latest ? { versionNo: latest.versionNo, receiptNo: latest.receiptNo, submittedAt: latest.submittedAt.toISOString() } : null,
    withdrawnAt: p.status === "WITHDRAWN" ? (p.withdrawnAt?.toISOString() ?? null) : null,
    issuer: { ko: p.call.ministryKo, en: p.call.ministryEn },
  };
}
