// 사업자등록번호: 10 digits "XXX-XX-XXXXX". The last digit is a check digit over the first nine with
// weights 1,3,7,1,3,7,1,3,5, plus the tens of (9th digit × 5) (국세청 검증 규칙).
const WEIGHTS = [1, 3, 7, 1, 3, 7, 1, 3, 5] as const;

/** Strips hyphens and spaces: "124-81-00998" → "1248100998". */
export function normalizeBusinessRegNo(input: string): string {
  return input.replace(/[\s-]/g, "");
}

/** The check digit of nine digits ("124810099" → 8). */
export function checkDigit(nine: string): number {
  const d = [...nine].map(Number);
  let sum = 0;
  WEIGHTS.forEach((w, i) => (sum += d[i]! * w));
  sum += Math.floor((d[8]! * 5) / 10);
  return (10 - (sum % 10)) % 10;
}

/** Nine digits completed into a valid number (samples, tests and benchmarks make their own). */
export function withCheckDigit(nine: string): string {
  return `${nine}${checkDigit(nine)}`;
}

/**
 * Parts the 국세청 never issues (decision 013): office code 101–999, type code 01–99, serial
 * 0001–9999. The checksum alone would accept 000-00-00000 (every digit zero sums to zero).
 */
export function isIssuableBusinessRegNo(s: string): boolean {
  return Number(s.slice(0, 3)) >= 101 && s.slice(3, 5) !== "00" && s.slice(5, 9) !== "0000";
}

export function isValidBusinessRegNo(input: string): boolean {
  const s = normalizeBusinessRegNo(input);
  if (!/^\d{10}$/.test(s)) return false;
  return isIssuableBusinessRegNo(s) && checkDigit(s.slice(0, 9)) === Number(s[9]);
}

/** "1248100998" → "124-81-00998" */
export function formatBusinessRegNo(s: string): string {
  const n = normalizeBusinessRegNo(s);
  return n.length === 10 ? `${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)}` : s;
}
