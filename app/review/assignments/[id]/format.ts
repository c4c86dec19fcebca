import type { Locale } from "@/lib/i18n";
import { formatKstDateTime } from "@/lib/time/kst";


export { formatBytes } from "@/lib/storage/size";

/** 8000000000 → "80억" / "8B"; large counts are easier to compare this way than as 11 digits. */
export function compact(n: number, locale: Locale) {
  return new Intl.NumberFormat(locale === "en" ? "en" : "ko-KR", { notation: "compact", maximumFractionDigits: 2 }).format(n);
}

export function grouped(n: number, locale: Locale) {
  return new Intl.NumberFormat(locale === "en" ? "en" : "ko-KR").format(n);
}

/** "US" → "미국 (US)"; an unknown code stays as it is. */
export function countryName(code: string, locale: Locale) {
  try {
    const name = new Intl.DisplayNames([locale === "en" ? "en" : "ko"], { type: "region" }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** Points with at most two decimals: 72.5, 80, 66.67. */
export function points(n: number, locale: string) {
  return new Intl.NumberFormat(locale === "en" ? "en" : "ko-KR", { maximumFractionDigits: 2 }).format(Math.round(n * 100) / 100);
}

/** 심사 기한: the call's review round end in KST with the zone written, or 「기한 없음」. */
export function deadlineText(reviewClosesAt: string | null, locale: Locale, noDeadline: string) {
  return reviewClosesAt ? formatKstDateTime(new Date(reviewClosesAt), locale) : noDeadline;
}
