import { createTranslator } from "use-intl/core";
import ko from "./messages/ko";
import en from "./messages/en";
import type { ErrorCode } from "@/lib/errors";

export const LOCALES = ["ko", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "ko";
export const LOCALE_COOKIE = "locale";

export type Messages = typeof ko;
export const MESSAGES: Record<Locale, Messages> = { ko, en };

export function toLocale(v: string | null | undefined): Locale {
  return v === "en" ? "en" : "ko";
}

/** Picks ko or en from an Accept-Language header: Korean unless English is preferred. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  const first = (header ?? "").split(",")[0]?.trim().toLowerCase() ?? "";
  return first.startsWith("en") ? "en" : "ko";
}

const translators = new Map<Locale, ReturnType<typeof makeTranslator>>();
const makeTranslator = (locale: Locale) => createTranslator({ locale, messages: MESSAGES[locale], timeZone: "Asia/Seoul" });

/** One translator per locale for the process: the messages never change while it runs. */
export function getTranslator(locale: Locale) {
  let t = translators.get(locale);
  if (!t) translators.set(locale, (t = makeTranslator(locale)));
  return t;
}

export function errorMessage(code: ErrorCode, locale: Locale): string {
  return MESSAGES[locale].errors[code];
}

/**
 * Field messages are keys of `fields` (e.g. "passwordWeak") or error codes; unknown keys pass through.
 * With params, a `fields` message is formatted as ICU (e.g. "…: {found}").
 */
export function fieldMessage(key: string, locale: Locale, params?: Record<string, string>): string {
  const f = MESSAGES[locale].fields as Record<string, string>;
  const e = MESSAGES[locale].errors as Record<string, string>;
  if (params && key in f) return (getTranslator(locale) as unknown as (k: string, p: Record<string, string>) => string)(`fields.${key}`, params);
  return f[key] ?? e[key] ?? key;
}
