import { z } from "zod";

// One model a proposal plans to build (DESIGN §3). Shared by the proposal form and the server.
// Messages are keys of the `fields` dictionary.

export const APPROACHES = ["FROM_SCRATCH", "CONTINUED_PRETRAINING", "FINE_TUNED"] as const;
export type Approach = (typeof APPROACHES)[number];

/** Up to 10 trillion parameters: far above any model named in the program, far below absurd. */
export const MAX_PARAMETERS = 10_000_000_000_000;

const text = (max: number) => z.string({ message: "required" }).trim().min(1, "required").max(max, "tooLong");

export const baseModelSchema = z.object({
  name: text(200),
  developer: text(200),
  /** ISO 3166-1 alpha-2; "KR" is domestic. */
  country: z.string({ message: "required" }).trim().toUpperCase().regex(/^[A-Z]{2}$/, "countryInvalid"),
  license: text(200),
});

export const modelPlanSchema = z
  .object({
    name: text(200),
    parameterCount: z.number({ message: "required" }).int("integerRequired").positive("mustBePositive").max(MAX_PARAMETERS, "parameterCountAbsurd"),
    architecture: text(500),
    approach: z.enum(APPROACHES, { message: "required" }),
    baseModel: baseModelSchema.nullish(),
    ownTokenizer: z.boolean().default(false),
    pretrainingTokens: z.number().int("integerRequired").nonnegative("mustBePositive").max(1e15, "tooLarge").nullish(),
    gpuHours: z.number().int("integerRequired").nonnegative("mustBePositive").max(1e10, "tooLarge").nullish(),
    dataSources: z.string().trim().max(4000, "tooLong").default(""),
    openSourcePlan: z.string().trim().max(4000, "tooLong").default(""),
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

/**
 * The program's purpose (PROGRAM.md): only fine-tuning a foreign open-source model "does not fit".
 * A proposal is flagged when every one of its models is fine-tuned from a base model of foreign origin.
 */
export function isForeignFineTuneOnly(models: Pick<ModelPlan, "approach" | "baseModel">[]): boolean {
  return models.length > 0 && models.every((m) => m.approach === "FINE_TUNED" && !!m.baseModel && m.baseModel.country !== "KR");
}
