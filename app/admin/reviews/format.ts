// Small helpers shared by the review console's server and client components (no server-only imports).

export const APPROACH_FILTERS = ["ALL", "SCRATCH_ONLY", "FOREIGN_FINE_TUNE_ONLY"] as const;
export const SORTS = ["trimmedMean", "mean", "normalized", "serial"] as const;
export type ApproachFilter = (typeof APPROACH_FILTERS)[number];
export type RankingSort = (typeof SORTS)[number];
export interface RankingParams {
  approach: ApproachFilter;
  disagreementOnly: boolean;
  sort: RankingSort;
}

const pick = <T extends string>(allowed: readonly T[], v: unknown, fallback: T): T => (typeof v === "string" && (allowed as readonly string[]).includes(v) ? (v as T) : fallback);

/** The ranking's URL search params; anything unknown falls back to the default rather than erroring. */
export function parseRankingParams(sp: Record<string, string | string[] | undefined>): RankingParams {
  const one = (k: string) => (Array.isArray(sp[k]) ? sp[k][0] : sp[k]);
  return {
    approach: pick(APPROACH_FILTERS, one("approach"), "ALL"),
    disagreementOnly: one("disagreementOnly") === "true",
    sort: pick(SORTS, one("sort"), "trimmedMean"),
  };
}

/** `?approach=…&disagreementOnly=true&sort=…#ranking`, defaults left out so plain links stay short. */
export function rankingHref(base: string, p: RankingParams): string {
  const q = new URLSearchParams();
  if (p.approach !== "ALL") q.set("approach", p.approach);
  if (p.disagreementOnly) q.set("disagreementOnly", "true");
  if (p.sort !== "trimmedMean") q.set("sort", p.sort);
  const s = q.toString();
  return `${base}${s ? `?${s}` : ""}#ranking`;
}

export const score2 = (x: number | null) => (x === null ? "—" : x.toFixed(2));
export const zScore = (x: number | null) => (x === null ? "—" : `${x > 0 ? "+" : x < 0 ? "−" : ""}${Math.abs(x).toFixed(2)}`);
export const percent = (done: number, total: number) => (total ? Math.round((done / total) * 100) : 0);

const KST_OFFSET_MS = 9 * 3_600_000;

/** An instant as the `YYYY-MM-DDTHH:mm` a datetime-local input shows, in KST (not the browser's zone). */
export function toKstInput(iso: string | null): string {
  if (!iso) return "";
  return new Date(new Date(iso).getTime() + KST_OFFSET_MS).toISOString().slice(0, 16);
}

/** A datetime-local value read as KST → the instant, or null when empty/unreadable. */
export function fromKstInput(v: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v)) return null;
  const d = new Date(`${v.length === 16 ? `${v}:00` : v}+09:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}
