import { safeText, z } from "@/lib/zod";
import { db, type Prisma } from "@/lib/db/client";
import { requireAdmin, type Actor } from "@/lib/auth/actor";
import { outboxShowsLinks, redactLinks } from "@/lib/mail";
import { escapeLike, parseInput } from "@/lib/validate";

// The console's users and outbox pages, a page at a time (issue 12 item 15): server-side page + size
// (bounded), a stable order (newest first, the id breaking ties), and the filters validated with zod.
// A query string that fails validation is a VALIDATION_FAILED the page answers with its defaults.

export const LIST_PAGE_SIZES = [10, 25, 50, 100] as const;
export const USER_ROLES = ["APPLICANT", "REVIEWER", "ADMIN"] as const;
export const USER_STATES = ["active", "unverified", "disabled"] as const;

/** "" from a GET form's blank field means "no filter". */
const blank = (v: unknown) => (v === "" ? undefined : v);
const optText = (max: number) => z.preprocess(blank, safeText().trim().max(max, "tooLong").optional()).transform((v) => v || undefined);
const page = z.preprocess(blank, z.coerce.number().int("integerRequired").min(1, "mustBePositive").max(10_000, "tooLarge").default(1));
const size = z.preprocess(
  blank,
  z.coerce
    .number()
    .int("integerRequired")
    .refine((n) => (LIST_PAGE_SIZES as readonly number[]).includes(n), "invalidOption")
    .default(25),
);
/** A KST calendar day, YYYY-MM-DD, that exists. */
const kstDay = z.preprocess(
  blank,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "dateInvalid")
    .refine((s) => {
      const d = new Date(`${s}T00:00:00+09:00`);
      return !Number.isNaN(d.getTime()) && new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 10) === s;
    }, "dateInvalid")
    .optional(),
);

export const userListSchema = z.strictObject({
  q: optText(320),
  role: z.preprocess(blank, z.enum(USER_ROLES, { message: "invalidOption" }).optional()),
  state: z.preprocess(blank, z.enum(USER_STATES, { message: "invalidOption" }).optional()),
  page,
  pageSize: size,
});
export type UserListQuery = z.output<typeof userListSchema>;

export const outboxListSchema = z
  .strictObject({
    to: optText(320),
    subject: optText(200),
    from: kstDay,
    until: kstDay,
    page,
    pageSize: size,
  })
  .refine((f) => !f.from || !f.until || f.from <= f.until, { path: ["until"], message: "dateRangeInvalid" });
export type OutboxListQuery = z.output<typeof outboxListSchema>;

export const USER_LIST_PARAMS = ["q", "role", "state", "page", "pageSize"] as const;
export const OUTBOX_LIST_PARAMS = ["to", "subject", "from", "until", "page", "pageSize"] as const;

/** A page's search params → the schema's input: known keys only, a repeated key is refused (an array). */
export function listParams(sp: Record<string, string | string[] | undefined>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (sp[k] !== undefined) out[k] = sp[k];
  return out;
}

const paged = <T>(rows: T[], total: number, f: { page: number; pageSize: number }) => ({
  rows,
  total,
  page: f.page,
  pageSize: f.pageSize,
  pages: Math.max(1, Math.ceil(total / f.pageSize)),
});

const userSelect = { id: true, email: true, name: true, roles: true, locale: true, emailVerifiedAt: true, disabledAt: true, createdAt: true } as const;

/** Users, newest first, filtered by role, state and e-mail/name text. */
export async function pageUsers(actor: Actor | null, input: unknown) {
  requireAdmin(actor);
  const f = parseInput(userListSchema, input ?? {});
  const and: Prisma.UserWhereInput[] = [];
  if (f.q) and.push({ OR: [{ email: { contains: escapeLike(f.q), mode: "insensitive" } }, { name: { contains: escapeLike(f.q), mode: "insensitive" } }] });
  if (f.role) and.push({ roles: { has: f.role } });
  if (f.state === "disabled") and.push({ disabledAt: { not: null } });
  if (f.state === "active") and.push({ disabledAt: null, emailVerifiedAt: { not: null } });
  if (f.state === "unverified") and.push({ disabledAt: null, emailVerifiedAt: null });
  const where: Prisma.UserWhereInput = and.length ? { AND: and } : {};
  const [rows, total] = await Promise.all([
    db.user.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (f.page - 1) * f.pageSize, take: f.pageSize, select: userSelect }),
    db.user.count({ where }),
  ]);
  return { filter: f, ...paged(rows, total, f) };
}

/** The outbox, newest first, filtered by recipient and subject text and by KST day; links redacted as listOutbox does. */
export async function pageOutbox(actor: Actor | null, input: unknown) {
  requireAdmin(actor);
  const f = parseInput(outboxListSchema, input ?? {});
  const dayStart = (d: string) => new Date(`${d}T00:00:00+09:00`);
  const where: Prisma.MailOutboxWhereInput = {
    ...(f.to ? { to: { contains: escapeLike(f.to.toLowerCase()), mode: "insensitive" } } : {}),
    ...(f.subject ? { subject: { contains: escapeLike(f.subject), mode: "insensitive" } } : {}),
    ...(f.from || f.until
      ? { createdAt: { ...(f.from ? { gte: dayStart(f.from) } : {}), ...(f.until ? { lt: new Date(dayStart(f.until).getTime() + 86_400_000) } : {}) } }
      : {}),
  };
  const [rows, total] = await Promise.all([
    db.mailOutbox.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (f.page - 1) * f.pageSize, take: f.pageSize }),
    db.mailOutbox.count({ where }),
  ]);
  const show = outboxShowsLinks();
  return { filter: f, ...paged(show ? rows : rows.map((m) => ({ ...m, text: redactLinks(m.text) })), total, f) };
}
