import { parseAmount } from "@/lib/amounts";
import { formatKrwKo } from "@/lib/money";

/** A budget share as the page shows it: "200억 원" in Korean, "KRW 20,000,000,000" in English. */
export function formatShare(amount: number, locale: string): string {
  return locale === "ko" ? formatKrwKo(amount) : `KRW ${new Intl.NumberFormat("en").format(amount)}`;
}

/** A share field's value: the one amount parser; left empty it is not sent (the schema's default, or no change). */
export const shareValue = (v: unknown) => parseAmount(v) ?? undefined;
