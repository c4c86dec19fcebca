import { z } from "zod";
import { rubricCriterionSchema } from "@/lib/calls/admin-calls";

export type RubricCriterion = z.output<typeof rubricCriterionSchema>;

/** A call's rubric as stored (validated when an admin saved it); unreadable JSON reads as empty. */
export function callRubric(json: unknown): RubricCriterion[] {
  const r = z.array(rubricCriterionSchema).safeParse(json);
  return r.success ? r.data : [];
}

/**
 * The review form's schemas for a rubric, shared by the scoring form and the server. A draft may leave
 * scores out; a submitted review has every criterion (an integer within 0…max) and a comment.
 */
export function reviewSchemas(rubric: RubricCriterion[]) {
  const score = (c: RubricCriterion) => z.number({ message: "required" }).int("integerRequired").min(0, "scoreOutOfRange").max(c.maxPoints, "scoreOutOfRange");
  return {
    draft: z.object({
      scores: z.object(Object.fromEntries(rubric.map((c) => [c.key, score(c).nullish()]))).strict(),
      comment: z.string().trim().max(5000, "tooLong").default(""),
    }),
    final: z.object({
      scores: z.object(Object.fromEntries(rubric.map((c) => [c.key, score(c)])), { message: "required" }).strict(),
      comment: z.string({ message: "required" }).trim().min(10, "commentRequired").max(5000, "tooLong"),
    }),
  };
}
