import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/password";
import { DEMO_CALL, PROGRAM_CALL, PROGRAM_CALL_PLACEHOLDERS } from "@/lib/calls/program";
import { now } from "@/lib/time/clock";
import type { Role } from "@/lib/db/generated/enums";

export const DEMO_ACCOUNTS: { email: string; password: string; name: string; roles: Role[] }[] = [
  { email: "admin@example.com", password: "demo-Admin-pass-2025", name: "데모 관리자", roles: ["ADMIN"] },
  { email: "applicant@example.com", password: "demo-Applicant-pass-2025", name: "데모 신청자", roles: ["APPLICANT"] },
  { email: "reviewer@example.com", password: "demo-Reviewer-pass-2025", name: "데모 심사위원", roles: ["REVIEWER"] },
];

const DAY = 24 * 3600_000;

/** Creates what is missing; never changes what an admin may have edited since. Safe on every start. */
export async function seed(opts: { demo: boolean; log?: (l: string) => void }) {
  const log = opts.log ?? (() => {});
  await createCallIfMissing(PROGRAM_CALL, log);
  if (opts.demo) {
    const t = now();
    await createCallIfMissing({ ...DEMO_CALL, opensAt: new Date(t.getTime() - 60_000), closesAt: new Date(t.getTime() + 30 * DAY) }, log);
    for (const a of DEMO_ACCOUNTS) await ensureUser(a, log);
    const { seedDemoReviewScene } = await import("./seed-demo-reviews");
    await seedDemoReviewScene({ demoReviewerEmail: DEMO_ACCOUNTS[2]!.email, adminEmail: DEMO_ACCOUNTS[0]!.email, log });
  }
  if (process.env.ADMIN_EMAIL && process.env.ADMIN_PASSWORD) {
    await ensureUser({ email: process.env.ADMIN_EMAIL.trim().toLowerCase(), password: process.env.ADMIN_PASSWORD, name: "Administrator", roles: ["ADMIN"] }, log);
  }
}

async function createCallIfMissing(call: typeof PROGRAM_CALL, log: (l: string) => void) {
  const exists = await db.call.findUnique({ where: { slug: call.slug }, select: { id: true } });
  if (exists) return;
  await db.$transaction(async (tx) => {
    const created = await tx.call.create({ data: { ...call, rubric: call.rubric as object[], rules: call.rules } });
    await recordAudit(tx, { entityType: "CALL", entityId: created.id, action: "call.created", data: { slug: call.slug, by: "seed", placeholders: PROGRAM_CALL_PLACEHOLDERS } });
  });
  log(`seeded call ${call.slug} (문의처 is a placeholder: an admin must edit ${PROGRAM_CALL_PLACEHOLDERS.join(", ")} in the call settings)`);
}

/** Creates the account, or makes sure an existing one has the roles (never resets its password). */
export async function ensureUser(a: { email: string; password: string; name: string; roles: Role[] }, log: (l: string) => void = () => {}) {
  const existing = await db.user.findUnique({ where: { email: a.email }, select: { id: true, roles: true } });
  if (existing) {
    const missing = a.roles.filter((r) => !existing.roles.includes(r));
    if (!missing.length) return existing.id;
    await db.$transaction(async (tx) => {
      const roles = [...existing.roles, ...missing];
      await tx.user.update({ where: { id: existing.id }, data: { roles, sessionVersion: { increment: 1 } } });
      await recordAudit(tx, { entityType: "USER", entityId: existing.id, action: "user.roles_changed", data: { from: existing.roles, to: roles, by: "seed" } });
    });
    log(`gave ${a.email} the roles ${missing.join(", ")}`);
    return existing.id;
  }
  const passwordHash = await hashPassword(a.password);
  const id = await db.$transaction(async (tx) => {
    const u = await tx.user.create({ data: { email: a.email, name: a.name, roles: a.roles, passwordHash, emailVerifiedAt: now() } });
    await recordAudit(tx, { entityType: "USER", entityId: u.id, action: "user.created", data: { email: a.email, roles: a.roles, by: "seed" } });
    return u.id;
  });
  log(`created ${a.roles.join("/")} account ${a.email}`);
  return id;
}
