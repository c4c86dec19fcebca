// The review maths (DESIGN §3), pure so it can be tested against hand-computed fixtures.

export interface Criterion {
  key: string;
  maxPoints: number;
  weight: number;
}

/** A review's total on 0–100: Σ score / max × weight (weights sum to 100). */
export function weightedTotal(scores: Record<string, number>, rubric: Criterion[]): number {
  return rubric.reduce((sum, c) => sum + ((scores[c.key] ?? 0) / c.maxPoints) * c.weight, 0);
}

export function mean(xs: number[]): number | null {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

/** The usual Korean panel rule: with 3 or more reviews, drop one highest and one lowest. */
export function trimmedMean(xs: number[]): number | null {
  if (xs.length < 3) return mean(xs);
  const sorted = [...xs].sort((a, b) => a - b);
  return mean(sorted.slice(1, -1));
}

/** Sample standard deviation (n − 1); null below two values. */
export function stdDev(xs: number[]): number | null {
  if (xs.length < 2) return null;
  const m = mean(xs)!;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

/** Reviews this far apart (points out of 100, highest − lowest) are flagged for the panel chair. */
export const DISAGREEMENT_RANGE = 20;

export function disagreement(xs: number[]): boolean {
  return xs.length >= 2 && Math.max(...xs) - Math.min(...xs) >= DISAGREEMENT_RANGE;
}

/**
 * Each reviewer's totals as z-scores across that reviewer's own reviews, so a strict and a lenient
 * reviewer count alike. A reviewer with fewer than two reviews, or all alike, contributes 0.
 */
export function zScoresByReviewer(reviews: { reviewerId: string; proposalId: string; total: number }[]): Map<string, number> {
  const byReviewer = new Map<string, number[]>();
  for (const r of reviews) byReviewer.set(r.reviewerId, [...(byReviewer.get(r.reviewerId) ?? []), r.total]);
  const out = new Map<string, number>();
  for (const r of reviews) {
    const xs = byReviewer.get(r.reviewerId)!;
    const m = mean(xs)!;
    const sd = stdDev(xs);
    out.set(`${r.reviewerId}:${r.proposalId}`, sd ? (r.total - m) / sd : 0);
  }
  return out;
}

export interface ProposalAggregate {
  reviews: number;
  mean: number | null;
  trimmedMean: number | null;
  stdDev: number | null;
  normalized: number | null;
  disagreement: boolean;
}

/** Per proposal: count, mean, trimmed mean, SD, mean z-score, disagreement flag. */
export function aggregate(reviews: { reviewerId: string; proposalId: string; total: number }[]): Map<string, ProposalAggregate> {
  const z = zScoresByReviewer(reviews);
  const byProposal = new Map<string, { totals: number[]; zs: number[] }>();
  for (const r of reviews) {
    const e = byProposal.get(r.proposalId) ?? { totals: [], zs: [] };
    e.totals.push(r.total);
    e.zs.push(z.get(`${r.reviewerId}:${r.proposalId}`)!);
    byProposal.set(r.proposalId, e);
  }
  const out = new Map<string, ProposalAggregate>();
  for (const [id, e] of byProposal) {
    out.set(id, { reviews: e.totals.length, mean: mean(e.totals), trimmedMean: trimmedMean(e.totals), stdDev: stdDev(e.totals), normalized: mean(e.zs), disagreement: disagreement(e.totals) });
  }
  return out;
}

/** Two decimals for display and export. */
export const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
