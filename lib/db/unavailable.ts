// Errors that mean "the database is not reachable right now" (restart, failover, pool exhausted),
// as opposed to a bug: they become 503 UNAVAILABLE with Retry-After, and the client may retry.

const PG_CODES = new Set(["57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006", "53300"]);
const NODE_CODES = new Set(["ECONNREFUSED", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN"]);
// Prisma's own: can't reach the server, timed out, the server closed the connection (seen when
// PostgreSQL crashes mid-query: tests/load/pg-restart.ts with FAULT_PG_STOP=immediate).
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017"]);
// A pooled connection whose server went away as it was used ("read ECONNRESET", "write EPIPE": a socket
// syscall failed; seen when PostgreSQL stops, tests/load/pg-restart.ts). A client hanging up on us is
// "aborted" with code ECONNRESET but no syscall, and is not an outage.
const SOCKET_CODES = new Set(["ECONNRESET", "EPIPE"]);
const MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /Connection terminated/i,
  /terminating connection due to administrator command/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /Client has encountered a connection error/i,
  /Can't reach database server/i,
  /connect ECONNREFUSED/i,
];

export function isDatabaseUnavailable(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== "object" || depth > 5) return false;
  const err = e as { code?: unknown; message?: unknown; cause?: unknown; meta?: unknown; originalCode?: unknown; syscall?: unknown };
  for (const c of [err.code, err.originalCode]) {
    if (typeof c === "string" && (PG_CODES.has(c) || NODE_CODES.has(c) || PRISMA_CODES.has(c))) return true;
  }
  if (typeof err.code === "string" && SOCKET_CODES.has(err.code) && typeof err.syscall === "string") return true;
  if (typeof err.message === "string" && MESSAGES.some((m) => m.test(err.message as string))) return true;
  return isDatabaseUnavailable(err.cause, depth + 1) || isDatabaseUnavailable(err.meta, depth + 1);
}
