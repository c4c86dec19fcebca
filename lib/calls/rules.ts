import { z } from "@/lib/zod";
import { amountNumber } from "@/lib/amounts";

export const ATTACHMENT_KINDS = ["BUSINESS_PLAN", "CONSORTIUM_AGREEMENT", "BUDGET_PLAN", "PARTICIPATION_CONFIRMATION", "OTHER"] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** A call's rules (DESIGN §3), stored as JSON on the call; anything missing takes the default. */
export const callRulesSchema = z.object({
  onePerLeadOrganization: z.boolean().default(true),
  onePerConsortium: z.boolean().default(true),
  /** The most one proposal may request, in KRW; null = no limit below the program's total. */
  maxRequestKrw: amountNumber().int("integerRequired").positive("mustBePositive").nullable().default(null),
  requiredAttachments: z.array(z.enum(ATTACHMENT_KINDS)).default(["BUSINESS_PLAN", "CONSORTIUM_AGREEMENT"]),
});

export type CallRules = z.output<typeof callRulesSchema>;

export function callRules(json: unknown): CallRules {
  const r = callRulesSchema.safeParse(json ?? {});
  return r.success ? r.data : callRulesSchema.parse({});
}
