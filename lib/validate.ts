import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** Parses with a module schema; failures become VALIDATION_FAILED with per-field message keys. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw validationError(r.error);
}

/** VALIDATION_FAILED with the first message key per field path ("models.0.baseModel"). */
export function validationError(error: z.ZodError): AppError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    // An unknown key is named by its own path, so the client sees which field was refused.
    const paths = issue.code === "unrecognized_keys" ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    for (const path of paths) fields[path.join(".") || "_"] ??= issue.message;
  }
  return new AppError("VALIDATION_FAILED", { fields });
}

/**
 * Parses now but reports later: DESIGN §4 orders the checks who → see → may → open → valid, so a
 * service parses up front and calls `.get()` once the cutoff check has passed.
 */
export function deferParse<S extends z.ZodType>(schema: S, input: unknown) {
  const r = schema.safeParse(input);
  return {
    get(): z.output<S> {
      if (!r.success) throw validationError(r.error);
      return r.data;
    },
  };
}

/**
 * User text for a LIKE/ILIKE pattern (PostgreSQL's default escape character is the backslash), so
 * `%` and `_` match themselves. Prisma's `contains` does not escape them, so wrap its argument too.
 */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids in URLs: anything that is not a UUID cannot name a record, so it is simply not found. */
export function isUuid(v: unknown): v is string {
  return typeof v === "string" && UUID.test(v);
}

export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}

/** Turns the unique-email violation of a user insert into EMAIL_TAKEN; rethrows anything else. */
export function rethrowEmailTaken(e: unknown): never {
  if (isUniqueViolation(e)) throw new AppError("EMAIL_TAKEN", { fields: { email: "EMAIL_TAKEN" } });
  throw e;
}
