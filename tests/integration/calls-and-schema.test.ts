import { execFileSync } from "node:child_process";
import { inject } from "vitest";
import { beforeEach, describe, expect, it } from "vitest";
import pg from "pg";
import { db } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { getCallBySlug, listCalls } from "@/lib/calls";
import { DEMO_CALL_SLUG, PROGRAM_CALL_SLUG } from "@/lib/calls/program";
import { seed, DEMO_ACCOUNTS } from "@/lib/db/seed";
import { DEMO_CLOSED_CALL_SLUG } from "@/lib/db/seed-demo-reviews";
import { rankProposals } from "@/lib/reviews/ranking";
import { fixedClock, setClock } from "@/lib/time/clock";
import { truncateAll } from "../support/db";
import { errorCode } from "../support/expect-error";
import { createTestDatabase, dropTestDatabase } from "../support/pg";

beforeEach(truncateAll);

describe("seed and the calls API's services", () => {
  it("seeds the program call with the exact cutoff, idempotently, and keeps admin edits", async () => {
    await seed({ demo: false });
    await seed({ demo: false });
    const calls = await listCalls();
    expect(calls).toHaveLength(1);
    const call = await getCallBySlug(PROGRAM_CALL_SLUG);
    expect(call).toMatchObject({
      titleKo: "독자 AI 파운데이션 모델 개발 지원 사업",
      ministryKo: "과학기술정보통신부",
      totalBudget: 193_600_000_000,
      closesAt: "2025-07-21T07:00:00.000Z",
      state: "CLOSED",
      isDemo: false,
    });
    await db.call.update({ where: { slug: PROGRAM_CALL_SLUG }, data: { titleEn: "Edited by an admin" } });
    await seed({ demo: false });
    expect((await getCallBySlug(PROGRAM_CALL_SLUG)).titleEn).toBe("Edited by an admin");
    const rubric = (await db.call.findUniqueOrThrow({ where: { slug: PROGRAM_CALL_SLUG } })).rubric as { weight: number }[];
    expect(rubric.reduce((s, c) => s + c.weight, 0)).toBe(100);
  });

  it("the demo call closes 30 days after the first start and is not moved by later starts", async () => {
    const clock = fixedClock("2026-03-01T00:00:00.000Z");
    const restore = setClock(clock);
    try {
      await seed({ demo: true });
      clock.advance(5 * 24 * 3600_000);
      await seed({ demo: true });
      const demo = await getCallBySlug(DEMO_CALL_SLUG);
      expect(demo.closesAt).toBe("2026-03-31T00:00:00.000Z");
      expect(demo).toMatchObject({ isDemo: true, state: "OPEN" });
      expect(await db.user.count({ where: { email: { in: DEMO_ACCOUNTS.map((a) => a.email) } } })).toBe(3);
    } finally {
      restore();
    }
  });

  it("the closed demo call holds three sample submissions, reviewed by two sample reviewers, assigned to the demo reviewer; seeding again adds nothing", async () => {
    await seed({ demo: true });
    await seed({ demo: true });
    const call = await db.call.findUniqueOrThrow({ where: { slug: DEMO_CLOSED_CALL_SLUG } });
    const proposals = await db.proposal.findMany({ where: { callId: call.id }, include: { versions: true } });
    expect(proposals.map((p) => [p.status, p.versions.length])).toEqual([["SUBMITTED", 1], ["SUBMITTED", 1], ["SUBMITTED", 1]]);
    expect(proposals.every((p) => p.versions[0]!.submittedAt.toISOString() === "2025-07-20T05:00:00.000Z")).toBe(true);
    expect(proposals.filter((p) => p.foreignFineTuneOnly)).toHaveLength(1);
    const admin = await db.user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNTS[0]!.email } });
    const ranking = await rankProposals({ id: admin.id, email: admin.email, name: admin.name, roles: admin.roles, locale: "ko" }, { callId: call.id });
    expect(ranking.rows.map((r) => [r.submittedReviews, r.assigned])).toEqual([[2, 3], [2, 3], [2, 3]]);
    expect(ranking.rows[0]!.trimmedMean).toBe(84.5); // (89 + 80) / 2: the trillion sample (27+22+13+13+14, 24+20+12+12+12)
  });

  it("an unknown or malformed slug is CALL_NOT_FOUND", async () => {
    expect(await errorCode(getCallBySlug("no-such-call"))).toBe("CALL_NOT_FOUND");
    expect(await errorCode(getCallBySlug("../../etc"))).toBe("CALL_NOT_FOUND");
    expect(await errorCode(getCallBySlug("' OR 1=1 --"))).toBe("CALL_NOT_FOUND");
  });
});

// The migrations are hand-applied SQL files generated from schema.prisma (docs/decisions/002).
// This checks they add up to exactly what schema.prisma describes: one database built from the
// migrations, one from a from-empty diff of the schema, and their catalogs must be the same.
describe("migrations match schema.prisma", () => {
  it("builds the same tables, columns, types, defaults, indexes and constraints", async () => {
    const adminUrl = inject("pgAdminUrl" as never) as string;
    const fromMigrations = await createEmptyDatabase(adminUrl);
    const fromSchema = await createEmptyDatabase(adminUrl);
    try {
      await applyMigrations(fromMigrations);
      const sql = execFileSync("npx", ["prisma", "migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"], {
        env: { ...process.env, DATABASE_URL: fromSchema },
        encoding: "utf8",
      });
      const c = new pg.Client({ connectionString: fromSchema });
      await c.connect();
      await c.query(sql);
      await c.end();
      const [a, b] = [await catalog(fromMigrations), await catalog(fromSchema)];
      expect(a.length).toBeGreaterThan(20);
      expect(a).toEqual(b);
    } finally {
      await dropTestDatabase(adminUrl, fromMigrations);
      await dropTestDatabase(adminUrl, fromSchema);
    }
  }, 60_000);
});

async function createEmptyDatabase(adminUrl: string) {
  // a template clone, then emptied: quicker than CREATE DATABASE from template0 with our encoding
  const url = await createTestDatabase(adminUrl, "mig");
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
  await c.end();
  return url;
}

async function catalog(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const q = async (sql: string) => (await c.query(sql)).rows.map((r) => Object.values(r).join(" | "));
    return [
      ...(await q(`SELECT table_name, column_name, data_type, udt_name, is_nullable, coalesce(column_default, ''), coalesce(character_maximum_length::text, '')
                   FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_migrations' ORDER BY 1, 2`)),
      ...(await q(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_migrations' ORDER BY 1`)),
      ...(await q(`SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
                   WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_migrations' ORDER BY 1, 2`)),
      ...(await q(`SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
                   WHERE t.typnamespace = 'public'::regnamespace GROUP BY 1 ORDER BY 1`)),
    ];
  } finally {
    await c.end();
  }
}
