import { AppError } from "@/lib/errors";
import type { Tx } from "@/lib/db/client";
import { isClockInjected, now } from "./clock";

/**
 * The time a write is judged at: PostgreSQL's clock_timestamp() read inside the write's transaction
 * (after the caller has locked the row it changes), so every instance uses the database's one clock
 * and a request that queued is judged when it is processed. Tests inject a clock instead.
 */
export async function writeTime(tx: Tx): Promise<Date> {
  if (isClockInjected()) return now();
  const rows = await tx.$queryRaw<{ t: Date }[]>`SELECT clock_timestamp() AS t`;
  return rows[0]!.t;
}

export interface Window {
  opensAt: Date;
  closesAt: Date;
  /** A documented extension for one consortium moves only its cutoff. */
  extendedUntil?: Date | null;
}

/** The instant after which this window takes no writes: closesAt, or a later extension. */
export function effectiveCutoff(w: Window): Date {
  return w.extendedUntil && w.extendedUntil > w.closesAt ? w.extendedUntil : w.closesAt;
}

/**
 * Throws CALL_CLOSED unless opensAt <= at < cutoff; 16:00:00.000 is already late. A late refusal
 * carries { attemptedAt, cutoff, lateByMs } in its detail so the caller can record it for the admins.
 */
export function assertOpen(w: Window, at: Date): void {
  const cutoff = effectiveCutoff(w);
  if (at.getTime() < w.opensAt.getTime()) throw new AppError("CALL_CLOSED", { message: "not open yet" });
  if (at.getTime() >= cutoff.getTime()) {
    const lateByMs = at.getTime() - cutoff.getTime();
    throw new AppError("CALL_CLOSED", {
      message: `late by ${(lateByMs / 1000).toFixed(3)} s`,
      detail: { attemptedAt: at, cutoff, lateByMs },
    });
  }
}
