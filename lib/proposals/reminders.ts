import { db } from "@/lib/db/client";
import type { ReminderKind } from "@/lib/db/generated/enums";
import { recordAudit } from "@/lib/audit/record";
import { getTranslator } from "@/lib/i18n";
import { deliverMail, queueMail } from "@/lib/mail";
import { formatKstDateTime } from "@/lib/time/kst";
import { computeReadiness } from "./readiness";

const HOUR = 3600_000;

/** Most urgent last. The database stores them as '72h', '24h', '1h'. */
export const REMINDERS: readonly { kind: ReminderKind; label: "72h" | "24h" | "1h"; hours: number }[] = [
  { kind: "H72", label: "72h", hours: 72 },
  { kind: "H24", label: "24h", hours: 24 },
  { kind: "H1", label: "1h", hours: 1 },
];

/** The reminders due at `at` for a cutoff: each one from cutoff − its hours until the cutoff. */
export function dueReminders(cutoff: Date, at: Date) {
  const t = at.getTime();
  const c = cutoff.getTime();
  return REMINDERS.filter((r) => t >= c - r.hours * HOUR && t < c);
}

export interface ReminderOutcome {
  consortiumId: string;
  kind: "72h" | "24h" | "1h";
  recipients: string[];
  skipped: ("72h" | "24h" | "1h")[];
}

function baseUrl(): string {
  return (process.env.NEXTAUTH_URL || "http://localhost:3000").replace(/\/+$/, "");
}

/**
 * Mails the members of every consortium that has not submitted when its cutoff (the call's, or a
 * later extension) is 72 h, 24 h or 1 h away at `at`. Several instances may run this at once: the
 * deadline_reminders row, inserted with ON CONFLICT DO NOTHING in the mails' transaction, decides
 * which one sends. When several reminders are due (the job was down), only the most urgent goes
 * out and the earlier ones are recorded as skipped, so a "72 h" mail never arrives 5 h before the end.
 */
export async function sendDeadlineReminders(at: Date): Promise<ReminderOutcome[]> {
  const horizon = new Date(at.getTime() + 72 * HOUR);
  // Still open at `at` and closing within 72 h, by the call's cutoff or an extension of its own.
  const candidates = await db.consortium.findMany({
    where: {
      AND: [
        { OR: [{ call: { closesAt: { gt: at, lte: horizon } } }, { extensions: { some: { until: { gt: at } } } }] },
        { OR: [{ proposal: { is: null } }, { proposal: { is: { status: { not: "SUBMITTED" } } } }] },
      ],
    },
    select: {
      id: true,
      call: { select: { closesAt: true } },
      extensions: { select: { until: true }, orderBy: { until: "desc" }, take: 1 },
      reminders: { select: { kind: true } },
    },
    orderBy: { id: "asc" },
  });

  const outcomes: ReminderOutcome[] = [];
  const failures: unknown[] = [];
  for (const c of candidates) {
    // Cheap skip for the common case (nothing new due); remind() decides again under a lock.
    const urgent = dueReminders(effectiveCutoff(c.call.closesAt, c.extensions[0]?.until), at).at(-1);
    if (!urgent || c.reminders.some((r) => r.kind === urgent.kind)) continue;
    try {
      const outcome = await remind(c.id, at);
      if (outcome) outcomes.push(outcome);
    } catch (e) {
      failures.push(e); // one consortium's failure must not hold back the others' reminders
    }
  }
  if (failures.length) throw new AggregateError(failures, `${failures.length} deadline reminder(s) failed; ${outcomes.length} sent`);
  return outcomes;
}

function effectiveCutoff(closesAt: Date, extendedUntil: Date | undefined): Date {
  return extendedUntil && extendedUntil > closesAt ? extendedUntil : closesAt;
}

async function remind(consortiumId: string, at: Date): Promise<ReminderOutcome | null> {
  const done = await db.$transaction(async (tx) => {
    // FOR SHARE waits for a submit or withdrawal in flight (they lock the row FOR UPDATE), so what
    // follows sees its outcome; concurrent reminder runs share the lock and meet at the claim below.
    await tx.$queryRaw`SELECT 1 FROM consortia WHERE id = ${consortiumId}::uuid FOR SHARE`;
    const c = await tx.consortium.findUniqueOrThrow({
      where: { id: consortiumId },
      select: {
        name: true,
        call: { select: { closesAt: true, titleKo: true, titleEn: true } },
        extensions: { select: { until: true }, orderBy: { until: "desc" }, take: 1 },
        proposal: { select: { id: true, status: true } },
        members: { where: { user: { disabledAt: null } }, orderBy: { createdAt: "asc" }, select: { user: { select: { name: true, email: true, locale: true } } } },
      },
    });
    if (c.proposal?.status === "SUBMITTED") return null;
    const cutoff = effectiveCutoff(c.call.closesAt, c.extensions[0]?.until);
    const due = dueReminders(cutoff, at);
    const reminder = due.at(-1);
    if (!reminder) return null;
    const earlier = due.slice(0, -1);
    // The claim: a concurrent run waits on the unique key here and then inserts nothing.
    const claim = await tx.deadlineReminder.createMany({ data: [{ consortiumId, kind: reminder.kind, sentAt: at }], skipDuplicates: true });
    if (claim.count === 0) return null;
    // The earlier reminders not sent by now are never sent: recorded as skipped (those already sent stay).
    const skippedRows = earlier.length
      ? await tx.deadlineReminder.createManyAndReturn({ data: earlier.map((r) => ({ consortiumId, kind: r.kind, sentAt: at, skipped: true })), skipDuplicates: true, select: { kind: true } })
      : [];

    const blocking = c.proposal ? (await computeReadiness(c.proposal.id, tx)).items.filter((i) => i.severity === "error").length : 0;
    const state = !c.proposal ? "none" : c.proposal.status === "WITHDRAWN" ? "withdrawn" : "draft";
    const link = `${baseUrl()}/consortia/${consortiumId}`;
    const mailIds: string[] = [];
    for (const { user } of c.members) {
      const t = getTranslator(user.locale);
      const title = user.locale === "en" ? c.call.titleEn : c.call.titleKo;
      mailIds.push(
        await queueMail(tx, {
          to: user.email,
          kind: "DEADLINE_REMINDER",
          subject: t("mail.reminderSubject", { hours: reminder.hours, title }),
          text: t("mail.reminderBody", { name: user.name, title, hours: reminder.hours, consortium: c.name, cutoff: formatKstDateTime(cutoff, user.locale), state, blocking, link }),
        }),
      );
    }
    const recipients = c.members.map((m) => m.user.email);
    const skipped = earlier.filter((r) => skippedRows.some((row) => row.kind === r.kind)).map((r) => r.label);
    await recordAudit(tx, {
      entityType: "CONSORTIUM",
      entityId: consortiumId,
      action: "consortium.deadline_reminder",
      data: { kind: reminder.label, recipients, cutoff: cutoff.toISOString(), ...(skipped.length ? { skipped } : {}) },
    });
    return { outcome: { consortiumId, kind: reminder.label, recipients, skipped }, mailIds };
  });
  if (!done) return null;
  await deliverMail(done.mailIds);
  return done.outcome;
}
