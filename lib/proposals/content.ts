import { z } from "zod";
import { modelPlanDraftSchema, modelPlanSchema } from "./model-plan";

// What an applicant writes in the proposal form (DESIGN §3), one schema for the form and the server:
// `proposalContentSchema` is what a submission must satisfy; `proposalDraftSchema` is what autosave
// accepts (anything typed so far, within the same limits). The budget split lives with the
// consortium's organisations, because each organisation confirms its own share.

export const MAX_MODELS = 10;
export const MAX_DURATION_MONTHS = 60;
/** No single proposal can ask for more than the whole program (1,936억 원). */
export const MAX_REQUEST_KRW = 193_600_000_000;

const text = (max: number) => z.string({ message: "required" }).trim().min(1, "required").max(max, "tooLong");
const draftText = (max: number) => z.string().trim().max(max, "tooLong").optional();
const months = z.number({ message: "required" }).int("integerRequired").min(1, "mustBePositive").max(MAX_DURATION_MONTHS, "durationTooLong");
const krw = z.number({ message: "required" }).int("integerRequired").positive("mustBePositive").max(MAX_REQUEST_KRW, "budgetTooLarge");
const mustAgree = z.literal(true, { message: "mustAgree" });

const required = { message: "required" };

export const overviewSchema = z.object(
  {
    titleKo: text(200),
    titleEn: text(200),
    summary: text(4000),
    durationMonths: months,
    requestedBudgetKrw: krw,
  },
  required,
);

export const planSchema = z.object({ computePlan: text(8000), dataPlan: text(8000) }, required);

export const declarationsSchema = z.object({ accurate: mustAgree, noDuplicateFunding: mustAgree, privacyConsent: mustAgree }, required);

export const proposalContentSchema = z.object({
  overview: overviewSchema,
  models: z.array(modelPlanSchema, required).min(1, "modelRequired").max(MAX_MODELS, "tooManyModels"),
  plan: planSchema,
  declarations: declarationsSchema,
});

export type ProposalContent = z.output<typeof proposalContentSchema>;

export const proposalDraftSchema = z
  .object({
    overview: z
      .object({
        titleKo: draftText(200),
        titleEn: draftText(200),
        summary: draftText(4000),
        durationMonths: months.nullish(),
        requestedBudgetKrw: krw.nullish(),
      })
      .strict()
      .optional(),
    models: z.array(modelPlanDraftSchema.strict()).max(MAX_MODELS, "tooManyModels").optional(),
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
