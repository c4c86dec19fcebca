import { safeLine, safeParagraphs, safeText, z } from "@/lib/zod";
import { amountNumber } from "@/lib/amounts";

// One model a proposal plans to build (DESIGN §3). Shared by the proposal form and the server.
// Messages are keys of the `fields` dictionary.

export const APPROACHES = ["FROM_SCRATCH", "CONTINUED_PRETRAINING", "FINE_TUNED"] as const;
export type Approach = (typeof APPROACHES)[number];

/** Up to 10 trillion parameters: far above any model named in the program, far below absurd. */
export const MAX_PARAMETERS = 10_000_000_000_000;
export const MAX_PRETRAINING_TOKENS = 1e15;
export const MAX_GPU_HOURS = 1e10;

export const LIMITS = { name: 200, architecture: 500, baseField: 200, longText: 4000 } as const;

const text = (max: number) => safeLine().trim().min(1, "required").max(max, "tooLong");
/** Drafts keep what was typed so far: empty strings are fine, the limits still hold. */
const draftText = (max: number) => safeLine().trim().max(max, "tooLong").optional();
const longText = (max: number) => safeParagraphs().trim().max(max, "tooLong");
const count = (max: number, tooBig = "tooLarge") => amountNumber().int("integerRequired").nonnegative("mustBeNonNegative").max(max, tooBig);
const parameterCount = amountNumber().int("integerRequired").positive("mustBePositive").max(MAX_PARAMETERS, "parameterCountAbsurd");

export const baseModelSchema = z.object({
  name: text(LIMITS.baseField),
  developer: text(LIMITS.baseField),
  /** ISO 3166-1 alpha-2; "KR" is domestic. */
  country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, "countryInvalid"),
  license: text(LIMITS.baseField),
});

export const modelPlanSchema = z
  .object({
    name: text(LIMITS.name),
    parameterCount,
    architecture: text(LIMITS.architecture),
    approach: z.enum(APPROACHES),
    baseModel: baseModelSchema.nullish(),
    ownTokenizer: z.boolean().default(false),
    pretrainingTokens: count(MAX_PRETRAINING_TOKENS).nullish(),
    gpuHours: count(MAX_GPU_HOURS).nullish(),
    dataSources: longText(LIMITS.longText).default(""),
    openSourcePlan: longText(LIMITS.longText).default(""),
  })
  .superRefine((m, ctx) => {
    if (m.approach !== "FROM_SCRATCH" && !m.baseModel) {
      ctx.addIssue({ code: "custom", path: ["baseModel"], message: "baseModelRequired" });
    }
    if (m.approach === "FROM_SCRATCH" && m.baseModel) {
      ctx.addIssue({ code: "custom", path: ["baseModel"], message: "baseModelNotAllowed" });
    }
  });

export type ModelPlan = z.output<typeof modelPlanSchema>;

/** The same model while it is being typed: every field optional, every limit still enforced. */
export const modelPlanDraftSchema = z.strictObject({
  name: draftText(LIMITS.name),
  parameterCount: parameterCount.nullish(),
  architecture: draftText(LIMITS.architecture),
  approach: z.enum(APPROACHES).nullish(),
  baseModel: z
    .strictObject({
      name: draftText(LIMITS.baseField),
      developer: draftText(LIMITS.baseField),
      country: safeText().trim().toUpperCase().max(2, "countryInvalid").optional(),
      license: draftText(LIMITS.baseField),
    })
    .nullish(),
  ownTokenizer: z.boolean().optional(),
  pretrainingTokens: count(MAX_PRETRAINING_TOKENS).nullish(),
  gpuHours: count(MAX_GPU_HOURS).nullish(),
  dataSources: longText(LIMITS.longText).optional(),
  openSourcePlan: longText(LIMITS.longText).optional(),
});

export type ModelPlanDraft = z.output<typeof modelPlanDraftSchema>;

/**
 * The program's purpose (PROGRAM.md): only fine-tuning a foreign open-source model "does not fit".
 * A proposal is flagged when every one of its models is fine-tuned from a base model of foreign origin.
 */
export function isForeignFineTuneOnly(models: { approach?: Approach | null; baseModel?: { country?: string | null } | null }[]): boolean {
  return models.length > 0 && models.every((m) => m.approach === "FINE_TUNED" && !!m.baseModel?.country && m.baseModel.country !== "KR");
}
