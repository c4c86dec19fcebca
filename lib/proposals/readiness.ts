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
  const rules = callRules(p.call.rules);
  const items: ReadinessItem[] = [];
  for (const [field, message] of Object.entries(contentProblems(p.draft))) items.push({ code: "FIELD_INVALID", severity: "error", field, message });

  const have = new Set(p.attachments.map((a) => a.kind));
  for (const kind of rules.requiredAttachments) if (!have.has(kind)) items.push({ code: "ATTACHMENT_MISSING", severity: "error", kind });

  const withMembers = new Set(p.consortium.members.map((m) => m.organizationId));
  for (const o of p.consortium.organizations) {
    const confirmed = o.confirmedAt !== null && o.confirmedShareKrw === o.budgetShareKrw;
    if (!confirmed) items.push({ code: "ORG_UNCONFIRMED", severity: "error", organizationId: o.organizationId, organization: o.organization.name, hasMember: withMembers.has(o.organizationId) });
  }

  const content = proposalContentSchema.safeParse(p.draft);
  if (content.success) {
    const requested = content.data.overview.requestedBudgetKrw;
    const split = p.consortium.organizations.reduce((s, o) => s + Number(o.budgetShareKrw), 0);
    if (split !== requested) items.push({ code: "BUDGET_SPLIT_MISMATCH", severity: "error", requestedKrw: requested, splitKrw: split });
    if (rules.maxRequestKrw !== null && requested > rules.maxRequestKrw) items.push({ code: "BUDGET_OVER_LIMIT", severity: "error", requestedKrw: requested, limitKrw: rules.maxRequestKrw });
  }
  for (const i of p.consortium.invitations) items.push({ code: "INVITATION_PENDING", severity: "warning", email: i.email });
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
