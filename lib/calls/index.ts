import { db, type Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { now } from "@/lib/time/clock";
import { z } from "@/lib/zod";

export type CallState = "UPCOMING" | "OPEN" | "CLOSED";

/** Open from opensAt (inclusive) until closesAt (exclusive): 16:00:00.000 is already closed. */
export function callState(call: { opensAt: Date; closesAt: Date }, at: Date = now()): CallState {
  const t = at.getTime();
  if (t < call.opensAt.getTime()) return "UPCOMING";
  return t < call.closesAt.getTime() ? "OPEN" : "CLOSED";
}

const publicCallSelect = {
  id: true,
  slug: true,
  titleKo: true,
  titleEn: true,
  ministryKo: true,
  ministryEn: true,
  summaryKo: true,
  summaryEn: true,
  totalBudget: true,
  opensAt: true,
  closesAt: true,
  isDemo: true,
  contactDepartment: true,
  contactPhone: true,
  contactEmail: true,
} as const;

type CallRow = Prisma.CallGetPayload<{ select: typeof publicCallSelect }>;

export type PublicCall = ReturnType<typeof toPublicCall>;

/** The API's view of a call: times as ISO UTC strings, money as integer KRW. */
export function toPublicCall(c: CallRow, at: Date = now()) {
  return {
    ...c,
    totalBudget: Number(c.totalBudget),
    opensAt: c.opensAt.toISOString(),
    closesAt: c.closesAt.toISOString(),
    state: callState(c, at),
  };
}

const STATE_RANK: Record<CallState, number> = { OPEN: 0, UPCOMING: 1, CLOSED: 2 };

/**
 * The order calls are listed in: open calls first, then upcoming, then closed; within each group the
 * real calls before the demos, then the most pressing first (open: the nearest deadline; upcoming:
 * the nearest opening; closed: the most recently closed).
 */
export function compareCallsForListing(a: PublicCall, b: PublicCall): number {
  const key = (c: PublicCall) => (c.state === "OPEN" ? Date.parse(c.closesAt) : c.state === "UPCOMING" ? Date.parse(c.opensAt) : -Date.parse(c.closesAt));
  return STATE_RANK[a.state] - STATE_RANK[b.state] || Number(a.isDemo) - Number(b.isDemo) || key(a) - key(b) || a.slug.localeCompare(b.slug);
}

/** Calls are public (DESIGN §5: everyone reads them), in the listing order above, each state judged at one instant. */
export async function listCalls() {
  const rows = await db.call.findMany({ select: publicCallSelect });
  const at = now();
  return rows.map((c) => toPublicCall(c, at)).sort(compareCallsForListing);
}

export const callSlugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/);

export async function getCallBySlug(slug: string) {
  if (!callSlugSchema.safeParse(slug).success) throw new AppError("CALL_NOT_FOUND");
  const c = await db.call.findUnique({ where: { slug }, select: publicCallSelect });
  if (!c) throw new AppError("CALL_NOT_FOUND");
  return toPublicCall(c);
}
