import { db, type Tx } from "@/lib/db/client";
import { AppError, isAppError } from "@/lib/errors";
import { assertOpen, writeTime, type Window } from "@/lib/time/cutoff";

export type GuardedAction =
  | "CONSORTIUM_CREATE"
  | "CONSORTIUM_EDIT"
  | "INVITATION_ACCEPT"
  | "PARTICIPATION_CONFIRM"
  | "PROPOSAL_CREATE"
  | "DRAFT_SAVE"
  | "ATTACHMENT_UPLOAD"
  | "ATTACHMENT_REMOVE"
  | "SUBMIT"
  | "WITHDRAW";

/**
 * The cutoff rule (DESIGN §4) for every write on a consortium or its proposal: lock the consortium
 * row, so writes on one consortium are serialised, then read the write time (clock_timestamp(), or
 * the test clock) and judge it against the call's window and this consortium's extensions, all inside
 * the write's transaction. Returns the time the write is recorded at.
 */
export async function lockAndJudge(tx: Tx, consortiumId: string, action: GuardedAction): Promise<Date> {
  const rows = await tx.$queryRaw<{ call_id: string; opens_at: Date; closes_at: Date; extended_until: Date | null }[]>`
    SELECT c.call_id, k.opens_at, k.closes_at,
           (SELECT max(e.until) FROM extensions e WHERE e.consortium_id = c.id) AS extended_until
      FROM consortia c JOIN calls k ON k.id = c.call_id
     WHERE c.id = ${consortiumId}::uuid
       FOR UPDATE OF c`;
  const w = rows[0];
  if (!w) throw new AppError("NOT_FOUND");
  const at = await writeTime(tx);
  judgeWindow({ opensAt: w.opens_at, closesAt: w.closes_at, extendedUntil: w.extended_until }, at, { callId: w.call_id, consortiumId, action });
  return at;
}

/** assertOpen, with what recordingLateAttempts needs to record a late refusal. */
export function judgeWindow(w: Window, at: Date, where: { callId: string; consortiumId: string | null; action: GuardedAction }): void {
  try {
    assertOpen(w, at);
  } catch (e) {
    if (isAppError(e) && e.detail) throw new AppError("CALL_CLOSED", { message: e.message, detail: { ...e.detail, ...where } });
    throw e;
  }
}

/**
 * Runs a guarded write; when the cutoff refuses it, records the late attempt (after the write's
 * transaction has rolled back) so admins can see who came late and by how much.
 */
export async function recordingLateAttempts<T>(who: { userId: string | null; ip: string | null; proposalId?: string | null }, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isAppError(e) && e.code === "CALL_CLOSED" && e.detail && typeof e.detail.lateByMs === "number") {
      const d = e.detail as { callId: string; consortiumId: string | null; action: string; attemptedAt: Date; cutoff: Date; lateByMs: number };
      await db.lateAttempt
        .create({
          data: {
            callId: d.callId,
            consortiumId: d.consortiumId,
            proposalId: who.proposalId ?? null,
            userId: who.userId,
            action: d.action,
            attemptedAt: d.attemptedAt,
            cutoff: d.cutoff,
            lateByMs: Math.min(d.lateByMs, 2_147_483_647),
            ip: who.ip,
          },
        })
        .catch((err: unknown) => console.error("late attempt not recorded", err));
    }
    throw e;
  }
}

/** The same rule for a write that creates the consortium itself: the call's window alone. */
export async function judgeCallWindow(tx: Tx, callId: string, action: GuardedAction): Promise<Date> {
  const call = await tx.call.findUnique({ where: { id: callId }, select: { opensAt: true, closesAt: true } });
  if (!call) throw new AppError("CALL_NOT_FOUND");
  const at = await writeTime(tx);
  judgeWindow(call, at, { callId, consortiumId: null, action });
  return at;
}

/** A write on one consortium (or its proposal): lock, judge the cutoff, run, all in one transaction. */
export function guardedWrite<T>(
  who: { userId: string; ip: string | null; proposalId?: string | null },
  consortiumId: string,
  action: GuardedAction,
  fn: (tx: Tx, at: Date) => Promise<T>,
): Promise<T> {
  return recordingLateAttempts(who, () =>
    db.$transaction(async (tx) => {
      const at = await lockAndJudge(tx, consortiumId, action);
      return fn(tx, at);
    }),
  );
}
