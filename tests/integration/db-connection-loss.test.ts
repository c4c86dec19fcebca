import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { getPool } from "@/lib/db/client";
import { sqlQuery, sqlTransaction } from "@/lib/db/sql";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";

// tests/load/pg-restart.ts found this: PostgreSQL stopping while a pooled connection was checked out
// (a submit between two statements, or a client just handed over by the pool) made the connection's
// 'error' event uncaught (Next.js logged "uncaughtException" and carried on; a plain Node process
// would have died). lib/db/client.ts gives every pooled client a listener for its whole life.
describe("a connection the server ends while it is checked out of the pool", () => {
  const uncaught: unknown[] = [];
  const record = (e: unknown) => uncaught.push(e);
  afterEach(() => {
    process.off("uncaughtException", record);
  });

  it("fails as 'database unavailable' (→ 503) with no uncaught error, and the pool serves the next query", async () => {
    process.on("uncaughtException", record);
    const killer = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await killer.connect();
    try {
      const error = await sqlTransaction(async (q) => {
        const [row] = await q<{ pid: number }>("loss_pid", "SELECT pg_backend_pid() AS pid");
        await killer.query("SELECT pg_terminate_backend($1)", [row!.pid]);
        // The server's FATAL 57P01 and the close arrive while no statement is running.
        await new Promise((r) => setTimeout(r, 300));
        await q("loss_next", "SELECT 1");
      }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).not.toBeNull();
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(uncaught).toEqual([]);
      expect(await sqlQuery<{ ok: number }>("loss_again", "SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
    } finally {
      await killer.end();
    }
  });

  it("an error event on a checked-out client is not an uncaught exception (the pool hands clients over with a listener)", async () => {
    const client = await getPool().connect();
    expect(() => client.emit("error", new Error("Connection terminated unexpectedly"))).not.toThrow();
    client.release(true);
    expect(await sqlQuery<{ ok: number }>("loss_after_emit", "SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
  });
});
