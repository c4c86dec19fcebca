import { safeLine, safeParagraphs, z } from "@/lib/zod";
import { amountNumber } from "@/lib/amounts";
import { modelPlanDraftSchema, modelPlanSchema } from "./model-plan";

// What an applicant writes in the proposal form (DESIGN §3), one schema for the form and the server:
// `proposalContentSchema` is what a submission must satisfy; `proposalDraftSchema` is what autosave
// accepts (anything typed so far, within the same limits). The budget split lives with the
// consortium's organisations, because each organisation confirms its own share.

export const MAX_MODELS = 10;
export const MAX_DURATION_MONTHS = 60;
/** No single proposal can ask for more than the whole program (1,936억 원). */
export const MAX_REQUEST_KRW = 193_600_000_000;

// Titles are one line, cleaned of invisible characters; long texts keep their line breaks.
const line = (max: number) => safeLine().trim().min(1, "required").max(max, "tooLong");
const text = (max: number) => safeParagraphs().trim().min(1, "required").max(max, "tooLong");
const draftLine = (max: number) => safeLine().trim().max(max, "tooLong").optional();
const draftText = (max: number) => safeParagraphs().trim().max(max, "tooLong").optional();
const months = amountNumber().int("integerRequired").min(1, "mustBePositive").max(MAX_DURATION_MONTHS, "durationTooLong");
const krw = amountNumber().int("integerRequired").positive("mustBePositive").max(MAX_REQUEST_KRW, "budgetTooLarge");
const mustAgree = z.literal(true, { message: "mustAgree" });

// The submission schemas read a stored draft (already strict) and the form's values: not strict.
export const overviewSchema = z.object({
  titleKo: line(200),
  titleEn: line(200),
  summary: text(4000),
  durationMonths: months,
  requestedBudgetKrw: krw,
});

export const planSchema = z.object({ computePlan: text(8000), dataPlan: text(8000) });

export const declarationsSchema = z.object({ accurate: mustAgree, noDuplicateFunding: mustAgree, privacyConsent: mustAgree });

export const proposalContentSchema = z.object({
  overview: overviewSchema,
  models: z.array(modelPlanSchema).min(1, "modelRequired").max(MAX_MODELS, "tooManyModels"),
  plan: planSchema,
  declarations: declarationsSchema,
});

export type ProposalContent = z.output<typeof proposalContentSchema>;

export const proposalDraftSchema = z
  .object({
    overview: z
      .object({
        titleKo: draftLine(200),
        titleEn: draftLine(200),
        summary: draftText(4000),
        durationMonths: months.nullish(),
        requestedBudgetKrw: krw.nullish(),
      })
      .strict()
      .optional(),
    models: z.array(modelPlanDraftSchema).max(MAX_MODELS, "tooManyModels").optional(),
    plan: z.object({ computePlan: draftText(8000), dataPlan: draftText(8000) }).strict().optional(),
    declarations: z.object({ accurate: z.boolean().optional(), noDuplicateFunding: z.boolean().optional(), privacyConsent: z.boolean().optional() }).strict().optional(),
  })
  .strict();

export type ProposalDraft = z.output<typeof proposalDraftSchema>;

/** Field problems of a draft measured against what a submission needs: path → message key. */
export function contentProblems(draft: unknown): Record<string, string> {
  const r = proposalContentSchema.safeParse(draft);
  if (r.success) return {};
  const out: Record<string, string> = {};
  for (const issue of r.error.issues) out[issue.path.join(".") || "_"] ??= issue.message;
  return out;
}
