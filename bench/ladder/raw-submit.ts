// The ladder's submit writes (submit-writes.sql) run from Node: one transaction per call, on a client
// from the given pool. Used by L1 (bare node:http) and L2 (bare Next.js route).
import fs from "node:fs";
import path from "node:path";
import type pg from "pg";

const SQL_FILE = path.join(process.cwd(), "bench/ladder/submit-writes.sql");

let statements: string[] | undefined;
function loadStatements(): string[] {
  statements ??= fs
    .readFileSync(SQL_FILE, "utf8")
    .split("\n")
    .filter((l) => !l.startsWith("--"))
    .join("\n")
    .split(/;\s*\n/)
    .map((s) => s.trim())
    .filter((s) => s && s !== "BEGIN" && s !== "END" && s !== "END;");
  return statements;
}

export async function rawSubmit(pool: pg.Pool, serialNo: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    for (const [i, text] of loadStatements().entries()) {
      await client.query({ name: `ladder_${i}`, text: text.replaceAll(":sid", "$1"), values: [serialNo] });
    }
    await client.query("COMMIT");
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
