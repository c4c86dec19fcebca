import { z } from "zod";
import { rubricCriterionSchema, type RubricCriterion } from "./schemas";

export { reviewSchemas, rubricCriterionSchema, rubricSchema, type RubricCriterion } from "./schemas";

/** A call's rubric as stored (validated when an admin saved it); unreadable JSON reads as empty. */
export function callRubric(json: unknown): RubricCriterion[] {
  const r = z.array(rubricCriterionSchema).safeParse(json);
  return r.success ? r.data : [];
}
