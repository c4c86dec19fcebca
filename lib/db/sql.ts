import type pg from "pg";
import { getPool } from "./client";

// Plain SQL on the process's pool, for the one hot path where Prisma's per-query cost dominates (the
// submit at the deadline rush; decision 010). Statements are named, so PostgreSQL plans each once
// per connection.

export type Query = <R extends pg.QueryResultRow = Record<string, unknown>>(name: string, text: string, values?: unknown[]) => Promise<R[]>;

export async function sqlTransaction<T>(fn: (q: Query) => Promise<T>): Promise<T> {
  const client = await getPool().connect();
  const q: Query = async (name, text, values = []) => (await client.query({ name, text, values })).rows;
  let broken = false;
  try {
    await client.query("BEGIN");
    const result = await fn(q);
    await client.query("COMMIT");
    return result;
  } catch (e) {
    try {
      await client.query("ROLLBACK");
    } catch {
      broken = true; // the connection died with the transaction: do not hand it out again
    }
    throw e;
  } finally {
    client.release(broken);
  }
}

export async function sqlQuery<R extends pg.QueryResultRow = Record<string, unknown>>(name: string, text: string, values: unknown[] = []): Promise<R[]> {
  return (await getPool().query<R>({ name, text, values })).rows;
}
