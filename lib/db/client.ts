import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";

export { Prisma } from "./generated/client";
export type { PrismaClient } from "./generated/client";

// One pool and one client per process, created on first use: `next build` imports route modules
// without a database, so nothing may connect (or throw) at import time.
const globalForDb = globalThis as unknown as { __portalPool?: pg.Pool; __portalPrisma?: PrismaClient };

export function poolSize(): number {
  const n = Number(process.env.DATABASE_POOL_SIZE ?? 10);
  return Number.isInteger(n) && n > 0 ? n : 10;
}

export function getPool(): pg.Pool {
  if (!globalForDb.__portalPool) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set (npm start sets it; see README)");
    globalForDb.__portalPool = new pg.Pool({ connectionString, max: poolSize(), connectionTimeoutMillis: 5_000 });
    globalForDb.__portalPool.on("error", () => {}); // an idle client lost its server: the pool replaces it
    // A connection the server ends (a restart, a failover: 57P01, then "Connection terminated
    // unexpectedly") emits 'error' on its client. The pool listens only while the client is idle; a
    // checked-out client had no listener (nor could its borrower add one before the pool handed it
    // over), so the event was an uncaught exception (tests/load/pg-restart.ts). This listener stays for
    // the client's life: the statement in progress, or the next one, fails with the error anyway
    // (→ 503), and the pool drops the client when it is released, no longer queryable.
    globalForDb.__portalPool.on("connect", (client) => client.on("error", () => {}));
  }
  return globalForDb.__portalPool;
}

export function getPrisma(): PrismaClient {
  if (!globalForDb.__portalPrisma) {
    globalForDb.__portalPrisma = new PrismaClient({ adapter: new PrismaPg(getPool()) });
  }
  return globalForDb.__portalPrisma;
}

/** `db.user.findMany(…)`: a lazy proxy to the process's PrismaClient. */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_t, prop) {
    const client = getPrisma() as unknown as Record<string | symbol, unknown>;
    const value = client[prop];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(client) : value;
  },
});

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export async function closeDb() {
  await globalForDb.__portalPrisma?.$disconnect();
  await globalForDb.__portalPool?.end();
  globalForDb.__portalPrisma = undefined;
  globalForDb.__portalPool = undefined;
}
