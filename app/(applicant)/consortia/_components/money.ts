import { formatKrwKo } from "@/lib/money";

/** A budget share as the page shows it: "200억 원" in Korean, "KRW 20,000,000,000" in English. */
export function formatShare(amount: number, locale: string): string {
  return locale === "ko" ? formatKrwKo(amount) : `KRW ${new Intl.NumberFormat("en").format(amount)}`;
}

/**
 * What an applicant types as an amount: "20000000000", "20,000,000,000", "200억", "1억 5000만 원".
 * "" → undefined (the schema's default applies); anything else unreadable → NaN (the field says so).
 */
export function parseKrwInput(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  const s = String(v ?? "").replace(/[\s,_]/g, "").replace(/원$/, "");
  if (s === "") return undefined;
  if (/^\d+$/.test(s)) return Number(s);
  const m = /^(?:(\d+)억)?(?:(\d+)만)?(\d+)?$/.exec(s);
  if (!m || (!m[1] && !m[2])) return Number.NaN;
  return Number(m[1] ?? 0) * 100_000_000 + Number(m[2] ?? 0) * 10_000 + Number(m[3] ?? 0);
}
