import { db, type Tx } from "@/lib/db/client";
import { callRules, type AttachmentKind } from "@/lib/calls/rules";
import { contentProblems, proposalContentSchema } from "./content";

/** One thing standing between a draft and a submission (제출 준비 상태). Errors block; warnings inform. */
export type ReadinessItem =
  | { code: "FIELD_INVALID"; severity: "error"; field: string; message: string }
  | { code: "ATTACHMENT_MISSING"; severity: "error"; kind: AttachmentKind }
  | { code: "ORG_UNCONFIRMED"; severity: "error"; organizationId: string; organization: string; hasMember: boolean }
  | { code: "BUDGET_SPLIT_MISMATCH"; severity: "error"; requestedKrw: number; splitKrw: number }
  | { code: "BUDGET_OVER_LIMIT"; severity: "error"; requestedKrw: number; limitKrw: number }
  | { code: "INVITATION_PENDING"; severity: "warning"; email: string };

export interface Readiness {
  ready: boolean;
  items: ReadinessItem[];
}

/** What readiness is judged on: the draft and the facts around it, however they were read. */
export interface ReadinessFacts {
  draft: unknown;
  callRules: unknown;
  attachmentKinds: string[];
  organizations: { organizationId: string; name: string; budgetShareKrw: bigint | number; confirmedShareKrw: bigint | number | null; confirmedAt: Date | string | null }[];
  memberOrganizationIds: string[];
  pendingInvitationEmails: string[];
}

/** Everything still missing before this proposal can be submitted. Read inside the submit's transaction too. */
export async function computeReadiness(proposalId: string, client: Tx | typeof db = db): Promise<Readiness> {
  const p = await client.proposal.findUniqueOrThrow({
    where: { id: proposalId },
    select: {
      draft: true,
      call: { select: { rules: true } },
      attachments: { where: { replacedAt: null }, select: { kind: true } },
      consortium: {
        select: {
          organizations: { select: { organizationId: true, budgetShareKrw: true, confirmedShareKrw: true, confirmedAt: true, organization: { select: { name: true } } } },
          members: { select: { organizationId: true } },
          invitations: { where: { acceptedAt: null, revokedAt: null }, select: { email: true } },
        },
      },
    },
  });
  return readinessOf({
    draft: p.draft,
    callRules: p.call.rules,
    attachmentKinds: p.attachments.map((a) => a.kind),
    organizations: p.consortium.organizations.map((o) => ({ ...o, name: o.organization.name })),
    memberOrganizationIds: p.consortium.members.map((m) => m.organizationId),
    pendingInvitationEmails: p.consortium.invitations.map((i) => i.email),
  });
}

/** The rule itself, on facts already read (the submit reads them in one statement). */
export function readinessOf(f: ReadinessFacts): Readiness {
  const rules = callRules(f.callRules);
  const items: ReadinessItem[] = [];
  for (const [field, message] of Object.entries(contentProblems(f.draft))) items.push({ code: "FIELD_INVALID", severity: "error", field, message });

  const have = new Set(f.attachmentKinds);
  for (const kind of rules.requiredAttachments) if (!have.has(kind)) items.push({ code: "ATTACHMENT_MISSING", severity: "error", kind });

  const withMembers = new Set(f.memberOrganizationIds);
  for (const o of f.organizations) {
    const confirmed = o.confirmedAt !== null && o.confirmedShareKrw !== null && BigInt(o.confirmedShareKrw) === BigInt(o.budgetShareKrw);
    if (!confirmed) items.push({ code: "ORG_UNCONFIRMED", severity: "error", organizationId: o.organizationId, organization: o.name, hasMember: withMembers.has(o.organizationId) });
  }

  const content = proposalContentSchema.safeParse(f.draft);
  if (content.success) {
    const requested = content.data.overview.requestedBudgetKrw;
    const split = f.organizations.reduce((s, o) => s + Number(o.budgetShareKrw), 0);
    if (split !== requested) items.push({ code: "BUDGET_SPLIT_MISMATCH", severity: "error", requestedKrw: requested, splitKrw: split });
    if (rules.maxRequestKrw !== null && requested > rules.maxRequestKrw) items.push({ code: "BUDGET_OVER_LIMIT", severity: "error", requestedKrw: requested, limitKrw: rules.maxRequestKrw });
  }
  for (const email of f.pendingInvitationEmails) items.push({ code: "INVITATION_PENDING", severity: "warning", email });
  return { ready: !items.some((i) => i.severity === "error"), items };
}

/** Readiness errors as VALIDATION_FAILED fields, for the submit's 422. */
export function readinessFields(r: Readiness): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const i of r.items) {
    if (i.severity !== "error") continue;
    if (i.code === "FIELD_INVALID") fields[`draft.${i.field}`] = i.message;
    else if (i.code === "ATTACHMENT_MISSING") fields[`attachments.${i.kind}`] = "attachmentMissing";
    else if (i.code === "ORG_UNCONFIRMED") fields[`organizations.${i.organizationId}`] = "organizationUnconfirmed";
    else if (i.code === "BUDGET_SPLIT_MISMATCH") fields["budgetSplit"] = "budgetSplitMismatch";
    else if (i.code === "BUDGET_OVER_LIMIT") fields["overview.requestedBudgetKrw"] = "budgetOverLimit";
  }
  return fields;
}
