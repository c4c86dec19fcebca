import { isoInstant, safeLine, safeParagraphs, safeText, z } from "@/lib/zod";
import { amountNumber } from "@/lib/amounts";
import { callRulesSchema } from "./rules";
import { rubricSchema } from "@/lib/reviews/schemas";
import { emailSchema } from "@/lib/auth/schemas";

// Call schemas with no database code behind them, so the admin's call form (in the browser) parses
// with the very schemas the server uses.

const text = (max: number) => safeLine().trim().min(1, "required").max(max, "tooLong");
const instant = isoInstant();
/** An optional one-line value: empty (or null) is stored as null. */
const optionalLine = (max: number) => safeLine().trim().max(max, "tooLong").transform((v) => v || null).nullable();
/** A Korean office number as written: digits with hyphens or parentheses ("044-202-4567", "(02) 2110-2000"), or +82. */
export const PHONE_PATTERN = /^\+?[0-9()\- ]+$/;

// Without defaults: an update must leave out what it does not change (zod 4 applies a default even
// under .optional(), which would silently reset unsent fields).
export const callFields = {
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, "slugInvalid"),
  titleKo: text(300),
  titleEn: text(300),
  ministryKo: text(200),
  ministryEn: text(200),
  summaryKo: safeParagraphs().trim().max(4000, "tooLong"),
  summaryEn: safeParagraphs().trim().max(4000, "tooLong"),
  // "required" also for NaN: an emptied number input in the form.
  totalBudget: amountNumber().int("integerRequired").positive("mustBePositive").max(Number.MAX_SAFE_INTEGER, "tooLarge"),
  opensAt: instant,
  closesAt: instant,
  isDemo: z.boolean(),
  rubric: rubricSchema,
  // Stored rules are read leniently (lib/calls/rules.ts); what an admin sends has no unknown keys.
  rules: callRulesSchema.strict(),
  /** The review round; unset bounds are open. */
  reviewOpensAt: instant.nullable(),
  reviewClosesAt: instant.nullable(),
  /** 문의처 (all optional). */
  contactDepartment: optionalLine(200),
  contactPhone: safeLine()
    .trim()
    .max(40, "tooLong")
    .refine((v) => v === "" || (PHONE_PATTERN.test(v) && (v.match(/\d/g) ?? []).length >= 7 && (v.match(/\d/g) ?? []).length <= 15), "phoneInvalid")
    .transform((v) => v || null)
    .nullable(),
  contactEmail: safeText().trim().transform((v) => v || null).pipe(emailSchema.nullable()).nullable(),
};

export const createCallSchema = z
  .strictObject({
    ...callFields,
    summaryKo: callFields.summaryKo.default(""),
    summaryEn: callFields.summaryEn.default(""),
    isDemo: callFields.isDemo.default(false),
    rules: callFields.rules.default(callRulesSchema.parse({})),
    reviewOpensAt: callFields.reviewOpensAt.default(null),
    reviewClosesAt: callFields.reviewClosesAt.default(null),
    contactDepartment: callFields.contactDepartment.default(null),
    contactPhone: callFields.contactPhone.default(null),
    contactEmail: callFields.contactEmail.default(null),
  })
  // Only when both times parsed: a bad opensAt is reported as itself, not as a wrong order.
  .refine((c) => !(c.opensAt instanceof Date && c.closesAt instanceof Date) || c.closesAt > c.opensAt, { path: ["closesAt"], message: "closesBeforeOpens" });

export const updateCallSchema = z
  .object({
    ...Object.fromEntries(Object.entries(callFields).map(([k, v]) => [k, v.optional()])),
    /** Moving the cutoff once proposals were submitted must be said out loud. */
    confirmCutoffChange: z.boolean().optional(),
  })
  .strict() as unknown as z.ZodType<Partial<z.output<typeof createCallSchema>> & { confirmCutoffChange?: boolean }>;
