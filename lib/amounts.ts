import { z } from "./zod";

// Money and counts as Koreans type them (issue 12 item 2): "500억", "1억 5천만 원", "1.5억", "80억",
// "8B", "1.2T", "21,000,000,000", full-width digits. One parser for every amount and count field of
// every form; the server's JSON API still takes plain numbers (a JSON body has no "500억"), so what is
// hashed and stored is always the integer. Pure and browser-safe.

const BIG: Record<string, bigint> = { 조: 10n ** 12n, 억: 10n ** 8n, 만: 10n ** 4n };
const SMALL: Record<string, bigint> = { 천: 1000n, 백: 100n, 십: 10n };
const SI: Record<string, bigint> = { K: 10n ** 3n, M: 10n ** 6n, B: 10n ** 9n, G: 10n ** 9n, T: 10n ** 12n };
/** Decimals kept exactly: "1.23456789억" is 123,456,789. */
const SCALE_DIGITS = 8;
const SCALE = 10n ** BigInt(SCALE_DIGITS);
const MAX_INPUT = 40;

/** "1.5" → 150000000 (× SCALE); null when it has more decimals than SCALE_DIGITS. */
function scaled(digits: string): bigint | null {
  const [whole, frac = ""] = digits.split(".");
  if (frac.length > SCALE_DIGITS) return null;
  return BigInt(whole!) * SCALE + BigInt(frac.padEnd(SCALE_DIGITS, "0") || "0");
}

function toNumber(v: bigint): number {
  // A fraction left over ("0.5만" is fine, "1.5" alone is not an integer): the schema says integerRequired.
  return v % SCALE === 0n ? Number(v / SCALE) : Number(v) / Number(SCALE);
}

/**
 * What a person typed → a number; "" (or only a unit) → null, meaning nothing typed; anything
 * unreadable → NaN, which the amount schemas below report as `amountUnreadable`.
 */
export function parseAmount(input: unknown): number | null {
  if (input === null || input === undefined) return null;
  if (typeof input === "number") return input;
  if (typeof input !== "string") return Number.NaN;
  const n = input.normalize("NFKC");
  // "1억 5000만" is fine; digits split by a space ("5 5") are a typo, not 55.
  if (n.length > MAX_INPUT || /\d\s+\d/.test(n)) return Number.NaN;
  let s = n.replace(/[\s,_']/g, "");
  s = s.replace(/^(?:KRW|₩|\\)/i, "").replace(/(?:원|KRW|개|건|회|개월)$/i, "");
  if (s === "") return null;

  const si = /^(-?)(\d+(?:\.\d+)?)([KMBGT])?$/i.exec(s);
  if (si) {
    // A sign is read (so "-5" is told it must be positive, not that it is unreadable).
    const v = scaled(si[2]!);
    return v === null ? Number.NaN : (si[1] ? -1 : 1) * toNumber(v * (si[3] ? SI[si[3].toUpperCase()]! : 1n));
  }

  // Korean numerals with Arabic digits: groups closed by 조 / 억 / 만 in that order, each group
  // made of digits and 천 / 백 / 십 ("5천만" = 5,000 × 10,000; "십억" = 10 × 10^8).
  const tokens = s.match(/\d+(?:\.\d+)?|[조억만천백십]|./g) ?? [];
  let total = 0n;
  let group = 0n;
  let pending: bigint | null = null;
  let lastBig = Infinity;
  let lastSmall = Infinity;
  for (const t of tokens) {
    if (/^\d/.test(t)) {
      if (pending !== null) return Number.NaN;
      pending = scaled(t);
      if (pending === null) return Number.NaN;
    } else if (t in SMALL) {
      const unit = SMALL[t]!;
      if (Number(unit) >= lastSmall) return Number.NaN; // "3백5천"
      lastSmall = Number(unit);
      group += (pending ?? SCALE) * unit;
      pending = null;
    } else if (t in BIG) {
      const unit = BIG[t]!;
      if (Number(unit) >= lastBig) return Number.NaN; // "5만3억"
      lastBig = Number(unit);
      const g = group + (pending ?? 0n);
      total += (g === 0n && pending === null ? SCALE : g) * unit;
      group = 0n;
      pending = null;
      lastSmall = Infinity;
    } else {
      return Number.NaN;
    }
  }
  return toNumber(total + group + (pending ?? 0n));
}

/** The message keys this module answers with (tests/unit/messages.test.ts looks each up). */
export const AMOUNT_MESSAGE_KEYS = ["amountUnreadable"] as const;

/**
 * A number field of a form that takes typed amounts: NaN (from `parseAmount`) reads
 * `amountUnreadable` instead of the global map's "required". Chain `.int().min().max()` as usual.
 */
export function amountNumber() {
  return z.number({ error: (iss) => (typeof iss.input === "number" && Number.isNaN(iss.input) ? "amountUnreadable" : undefined) });
}
