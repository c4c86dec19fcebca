import { formatKrw } from "@/lib/money";

// Small display helpers shared by the list and the detail page.

export const money = formatKrw;

export { formatBytes as bytes } from "@/lib/storage/size";

/** 21_000_000_000 → "210억" / "21B". */
export const compactCount = (n: number, locale: string) => new Intl.NumberFormat(locale === "en" ? "en" : "ko-KR", { notation: "compact", maximumFractionDigits: 1 }).format(n);

/** A query string from the filter values, dropping empty ones. */
export function queryString(values: Record<string, string | number | boolean | undefined | null>) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  return p.toString();
}
