import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** Parses with a module schema; failures become VALIDATION_FAILED with per-field message keys. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const fields: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = issue.path.join(".") || "_";
    fields[key] ??= issue.message;
  }
  throw new AppError("VALIDATION_FAILED", { fields });
}

export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}

/** Turns the unique-email violation of a user insert into EMAIL_TAKEN; rethrows anything else. */
export function rethrowEmailTaken(e: unknown): never {
  if (isUniqueViolation(e)) throw new AppError("EMAIL_TAKEN", { fields: { email: "EMAIL_TAKEN" } });
  throw e;
}
