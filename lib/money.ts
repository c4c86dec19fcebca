// Money is integer KRW. Korean pages show 억 원 (10^8) / 천 원 units.

const EOK = 100_000_000n;

export function toKrwBigInt(v: bigint | number | string): bigint {
  return typeof v === "bigint" ? v : BigInt(v);
}

/** 193_600_000_000 → "1,936억 원"; non-round amounts keep the remainder in 만 원. */
export function formatKrwKo(amount: bigint | number): string {
  const v = toKrwBigInt(amount);
  const eok = v / EOK;
  const rest = v % EOK;
  const nf = new Intl.NumberFormat("ko-KR");
  if (eok > 0n && rest === 0n) return `${nf.format(eok)}억 원`;
  if (eok > 0n) return `${nf.format(eok)}억 ${nf.format(rest / 10_000n)}만 원`;
  return `${nf.format(v)}원`;
}

/** 193_600_000_000 → "KRW 193.6 billion" */
export function formatKrwEn(amount: bigint | number): string {
  const v = Number(toKrwBigInt(amount));
  if (v >= 1e9) return `KRW ${new Intl.NumberFormat("en", { maximumFractionDigits: 1 }).format(v / 1e9)} billion`;
  return `KRW ${new Intl.NumberFormat("en").format(v)}`;
}

/** The page language's form: 억 원 in Korean, KRW … in English. */
export function formatKrw(amount: bigint | number, locale: string): string {
  return locale === "en" ? formatKrwEn(amount) : formatKrwKo(amount);
}
