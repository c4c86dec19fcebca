import type { AttachmentKind, ConsortiumOrgRole, OrganizationType } from "@/lib/db/generated/enums";
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
export interface DocumentFacts {
  proposalId: string;
  call: { id: string; slug: string; titleKo: string };
  consortium: {
    id: string;
    name: string;
    /** In document order: role, then when the organisation joined. */
    organizations: { role: ConsortiumOrgRole; responsibility: string; budgetShareKrw: bigint | number; confirmedAt: Date | null; name: string; businessRegNo: string; type: OrganizationType; representativeName: string }[];
  };
  /** In document order: kind, then upload time. */
  attachments: { id: string; kind: AttachmentKind; fileName: string; mediaType: string; size: number; sha256: string }[];
}

export interface DocumentArgs {
  content: ProposalContent;
  versionNo: number;
  receiptNo: string;
  submittedAt: Date;
  submittedBy: { id: string; name: string; email: string };
  /** The version of the 개인정보 수집·이용 동의 (privacy-proposal) the submitter accepted with this submission. */
  privacyConsentVersion: string;
}

/** The document from the facts the submit read under its lock (submit-proposal.ts). */
export function versionDocument(f: DocumentFacts, args: DocumentArgs) {
  return {
    schema: DOCUMENT_SCHEMA,
    proposalId: f.proposalId,
    call: { id: f.call.id, slug: f.call.slug, titleKo: f.call.titleKo },
    versionNo: args.versionNo,
    receiptNo: args.receiptNo,
    submittedAt: args.submittedAt.toISOString(),
    submittedBy: args.submittedBy,
    // Which consent text the submitter accepted (decision 019); versions from before 2026-12-08 lack it.
    consents: { "privacy-proposal": args.privacyConsentVersion },
    consortium: {
      id: f.consortium.id,
      name: f.consortium.name,
      organizations: f.consortium.organizations.map((o) => ({
        role: o.role,
        name: o.name,
        businessRegNo: formatBusinessRegNo(o.businessRegNo),
        type: o.type,
        representativeName: o.representativeName,
        responsibility: o.responsibility,
        budgetShareKrw: Number(o.budgetShareKrw),
        confirmedAt: o.confirmedAt?.toISOString() ?? null,
      })),
    },
    content: args.content,
    flags: { foreignFineTuneOnly: isForeignFineTuneOnly(args.content.models) },
    attachments: f.attachments.map((a) => ({ id: a.id, kind: a.kind, fileName: a.fileName, mediaType: a.mediaType, size: a.size, sha256: a.sha256 })),
  };
}

export type VersionDocument = ReturnType<typeof versionDocument>;
