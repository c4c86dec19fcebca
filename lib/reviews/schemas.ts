import { safeLine, safeParagraphs, z } from "@/lib/zod";

// Review schemas with no database code behind them, so the browser's forms import the very schemas
// the server parses with.

const text = (max: number) => safeLine().trim().min(1, "required").max(max, "tooLong");

export const rubricCriterionSchema = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "rubricKeyInvalid"),
  labelKo: text(200),
  labelEn: text(200),
  maxPoints: z.number().int("integerRequired").min(1, "mustBePositive").max(100, "tooLarge"),
  weight: z.number().int("integerRequired").min(1, "mustBePositive").max(100, "tooLarge"),
});

export type RubricCriterion = z.output<typeof rubricCriterionSchema>;

/** Weights over a rubric sum to 100 (DESIGN §3); keys are unique. */
export const rubricSchema = z
  .array(rubricCriterionSchema)
  .min(1, "required")
  .max(20, "tooLarge")
  .superRefine((r, ctx) => {
    if (r.reduce((s, c) => s + c.weight, 0) !== 100) ctx.addIssue({ code: "custom", message: "rubricWeightsNot100" });
    if (new Set(r.map((c) => c.key)).size !== r.length) ctx.addIssue({ code: "custom", message: "rubricKeysNotUnique" });
  });

/**
 * The review form's schemas for a rubric, shared by the scoring form and the server. A draft may leave
 * scores out; a submitted review has every criterion (an integer within 0…max) and a comment.
 */
export function reviewSchemas(rubric: RubricCriterion[]) {
  const score = (c: RubricCriterion) => z.number().int("integerRequired").min(0, "scoreOutOfRange").max(c.maxPoints, "scoreOutOfRange");
  return {
    draft: z.strictObject({
      scores: z.strictObject(Object.fromEntries(rubric.map((c) => [c.key, score(c).nullish()]))),
      comment: safeParagraphs().trim().max(5000, "tooLong").default(""),
      submit: z.literal(false).optional(),
    }),
    final: z.strictObject({
      scores: z.strictObject(Object.fromEntries(rubric.map((c) => [c.key, score(c)]))),
      comment: safeParagraphs().trim().min(10, "commentRequired").max(5000, "tooLong"),
      submit: z.literal(true).optional(),
      /** Required (REVISION_REASON_MIN characters) to change a submitted review after reading the others' (decision 015). */
      revisionReason: safeParagraphs().trim().max(2000, "tooLong").optional(),
    }),
  };
}

/** A change to a submitted review made after reading the others' needs a reason this long (decision 015). */
export const REVISION_REASON_MIN = 20;

/** Whether changing this submitted review needs a written reason: its reviewer has read the others'. */
export function revisionNeedsReason(a: { submittedAt: Date | string | null; othersSeenAt: Date | string | null }): boolean {
  return a.submittedAt !== null && a.othersSeenAt !== null;
}

export const declarationSchema = z.strictObject({
  noConflict: z.literal(true, { message: "declarationRequired" }),
  confidentiality: z.literal(true, { message: "declarationRequired" }),
});

export const declareConflictSchema = z.strictObject({ reason: safeParagraphs().trim().min(10, "reasonTooShort").max(2000, "tooLong") });
