// One PostgreSQL server for a test run, shared by integration and e2e tests, each with databases of
// their own cloned from a template that has every migration applied.
import crypto from "node:crypto";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "../../lib/db/migrate";
import { startEmbeddedPostgres, withDatabase, type EmbeddedServer } from "../../lib/db/embedded";

export const TEMPLATE_DB = "portal_test_template";

/**
 * TEST_PG_ADMIN_URL (set by scripts/test.ts) names the server; else DATABASE_URL's server (its user
 * needs CREATEDB); else an embedded server under .data/test-pg on port 54330.
 */
export async function ensureTestServer(): Promise<{ adminUrl: string; embedded?: EmbeddedServer }> {
  if (process.env.TEST_PG_ADMIN_URL) return { adminUrl: process.env.TEST_PG_ADMIN_URL };
  if (process.env.DATABASE_URL) return { adminUrl: withDatabase(process.env.DATABASE_URL, "postgres") };
  const port = Number(process.env.TEST_PG_PORT ?? 54330);
  const embedded = await startEmbeddedPostgres({ dataDir: path.resolve(".data/test-pg"), port });
  return { adminUrl: embedded.adminUrl, embedded };
}

async function admin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** (Re)creates the template database with all migrations. */
export async function createTemplate(adminUrl: string) {
  await admin(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${ident(TEMPLATE_DB)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${ident(TEMPLATE_DB)}`);
  });
  await applyMigrations(withDatabase(adminUrl, TEMPLATE_DB));
}

/** A fresh database cloned from the template; returns its URL. */
export async function createTestDatabase(adminUrl: string, prefix = "t"): Promise<string> {
  const name = `${prefix}_${crypto.randomBytes(5).toString("hex")}`;
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(TEMPLATE_DB)}`));
  return withDatabase(adminUrl, name);
}

export async function dropTestDatabase(adminUrl: string, url: string) {
  const name = new URL(url).pathname.slice(1);
  await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`));
}

/** Drops databases left by earlier runs that were killed before cleaning up. */
export async function dropStaleTestDatabases(adminUrl: string) {
  await admin(adminUrl, async (c) => {
    const { rows } = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname ~ '^(t|e2e|mig)_[0-9a-f]{10}$'");
    for (const r of rows) await c.query(`DROP DATABASE IF EXISTS ${ident(r.datname)} WITH (FORCE)`);
  });
}
