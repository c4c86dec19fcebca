import { z } from "@/lib/zod";
import { rubricCriterionSchema, type RubricCriterion } from "./schemas";

export { reviewSchemas, rubricCriterionSchema, rubricSchema, type RubricCriterion } from "./schemas";

/** A call's rubric as stored (validated when an admin saved it); unreadable JSON reads as empty. */
export function callRubric(json: unknown): RubricCriterion[] {
  // Leniently: a key a later version dropped must not blank a stored rubric.
  const r = z.array(rubricCriterionSchema.strip()).safeParse(json);
  return r.success ? r.data : [];
}
