import { z } from "zod";
import { hasLineBreak, isSafeText, normalizeParagraphs, stripInvisible } from "./text";

// Every schema imports z from here, so this error map is installed before any of them parses (in the
// server and in the browser's forms alike). zod's own messages are English sentences; ours are keys
// of the `fields` dictionary, translated where shown. A schema's or check's own message still wins.

function messageKey(iss: z.core.$ZodRawIssue): string {
  const missing = iss.input === undefined || iss.input === null;
  switch (iss.code) {
    case "invalid_type": {
      // NaN from a form's emptied number input is "nothing typed"; from z.coerce it is a wrong type.
      const emptyNumber = typeof iss.input === "number" && Number.isNaN(iss.input) && !(iss.inst as { _zod?: { def?: { coerce?: boolean } } } | undefined)?._zod?.def?.coerce;
      return missing || emptyNumber ? "required" : "wrongType";
    }
    case "unrecognized_keys":
      return "unknownKey";
    case "invalid_value":
      return missing ? "required" : "invalidOption";
    case "too_small":
      if (iss.origin === "string" || iss.origin === "array" || iss.origin === "set") return Number(iss.minimum) <= 1 ? "required" : "tooShort";
      return "tooSmall";
    case "too_big":
      return iss.origin === "string" ? "tooLong" : "tooLarge";
    case "invalid_format":
      return iss.format === "email" ? "emailInvalid" : iss.format === "datetime" || iss.format === "date" ? "dateTimeInvalid" : "formatInvalid";
    default:
      return "valueInvalid";
  }
}

/** The keys the map can answer with (tests/unit/messages.test.ts checks each has both languages). */
export const ZOD_MESSAGE_KEYS = ["required", "wrongType", "unknownKey", "invalidOption", "tooShort", "tooSmall", "tooLong", "tooLarge", "emailInvalid", "dateTimeInvalid", "formatInvalid", "valueInvalid", "textInvalid", "lineBreakNotAllowed"] as const;

z.config({ customError: messageKey });

export { z };

/**
 * Any user text: refuses NUL, controls other than tab/LF/CR, and lone surrogates (PostgreSQL would
 * answer 500). Chain `.trim().min().max()` as on z.string().
 */
export function safeText() {
  return z.string().refine(isSafeText, "textInvalid");
}

/**
 * Multi-line text (summaries, plans, comments, reasons): soft line breaks become "\n" and the invisible
 * controls that pasting brings are dropped before the checks (decision 013, amended); NUL and lone
 * surrogates are still refused. Chain `.trim().min().max()` as on z.string().
 */
export function safeParagraphs() {
  return z.string().overwrite(normalizeParagraphs).refine(isSafeText, "textInvalid");
}

/**
 * A name, title or label: one line (so it can never split a mail header), with bidi controls and
 * zero-width characters stripped (decision 013).
 */
export function safeLine() {
  return safeText()
    .refine((s) => !hasLineBreak(s), "lineBreakNotAllowed")
    .overwrite(stripInvisible);
}

/**
 * An ISO 8601 instant with an offset, as a Date, within years 1900–9999: PostgreSQL refuses year 0
 * (JavaScript accepts it), so such a date must answer 422, not 500.
 */
export function isoInstant() {
  return z.iso
    .datetime({ offset: true, message: "dateTimeInvalid" })
    .transform((s) => new Date(s))
    .refine((d) => !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1900 && d.getUTCFullYear() <= 9999, "dateTimeInvalid");
}
