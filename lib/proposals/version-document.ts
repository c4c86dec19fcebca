import type { Tx } from "@/lib/db/client";
import { kstWallClock } from "@/lib/time/kst";
import { formatBusinessRegNo } from "@/lib/consortia/business-number";
import type { ProposalContent } from "./content";
import { isForeignFineTuneOnly } from "./model-plan";

export const DOCUMENT_SCHEMA = "sovereign-ai-portal/proposal-version/1";

/** 접수번호: the call's year, the proposal's serial and the version, e.g. 2025-000042-02. */
export function receiptNumber(callClosesAt: Date, serialNo: number, versionNo: number): string {
  const year = kstWallClock(callClosesAt).slice(0, 4);
  return `${year}-${String(serialNo).padStart(6, "0")}-${String(versionNo).padStart(2, "0")}`;
}

/**
 * The immutable document a submitted version is: the validated content, the consortium as it stood,
 * the attachment manifest with hashes, and the receipt facts. Only JSON types (strings, safe-integer
 * numbers, booleans), so its RFC 8785 canonical form is the same for anyone who fetches it.
 */
export async function buildVersionDocument(
  tx: Tx,
  args: { proposalId: string; content: ProposalContent; versionNo: number; receiptNo: string; submittedAt: Date; submittedBy: { id: string; name: string; email: string } },
) {
  const p = await tx.proposal.findUniqueOrThrow({
    where: { id: args.proposalId },
    select: {
      id: true,
      call: { select: { id: true, slug: true, titleKo: true } },
      consortium: {
        select: {
          id: true,
          name: true,
          organizations: {
            orderBy: [{ role: "asc" }, { createdAt: "asc" }],
            select: { role: true, responsibility: true, budgetShareKrw: true, confirmedAt: true, organization: { select: { name: true, businessRegNo: true, type: true, representativeName: true } } },
          },
        },
      },
      attachments: { where: { replacedAt: null }, orderBy: [{ kind: "asc" }, { uploadedAt: "asc" }], select: { id: true, kind: true, fileName: true, mediaType: true, size: true, sha256: true } },
    },
  });
  return {
    schema: DOCUMENT_SCHEMA,
    proposalId: p.id,
    call: p.call,
    versionNo: args.versionNo,
    receiptNo: args.receiptNo,
    submittedAt: args.submittedAt.toISOString(),
    submittedBy: args.submittedBy,
    consortium: {
      id: p.consortium.id,
      name: p.consortium.name,
      organizations: p.consortium.organizations.map((o) => ({
        role: o.role,
        name: o.organization.name,
        businessRegNo: formatBusinessRegNo(o.organization.businessRegNo),
        type: o.organization.type,
        representativeName: o.organization.representativeName,
        responsibility: o.responsibility,
        budgetShareKrw: Number(o.budgetShareKrw),
        confirmedAt: o.confirmedAt?.toISOString() ?? null,
      })),
    },
    content: args.content,
    flags: { foreignFineTuneOnly: isForeignFineTuneOnly(args.content.models) },
    attachments: p.attachments,
  };
}

export type VersionDocument = Awaited<ReturnType<typeof buildVersionDocument>>;
