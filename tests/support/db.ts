import { getPool } from "../../lib/db/client";

/** Empties every table of the file's database (between tests that need a clean slate). */
export async function truncateAll() {
  const pool = getPool();
  const { rows } = await pool.query<{ tablename: string }>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_migrations'",
  );
  if (rows.length) await pool.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`);
}
