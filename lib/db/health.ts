import { getPool } from "./client";

/** True when the database answers a trivial query within 2 s. */
export async function checkDatabase(): Promise<boolean> {
  try {
    const result = await Promise.race([
      getPool().query("SELECT 1 AS ok"),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000).unref()),
    ]);
    return result.rows[0]?.ok === 1;
  } catch {
    return false;
  }
}
