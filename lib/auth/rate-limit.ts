import { RateLimiterPostgres, type RateLimiterRes } from "rate-limiter-flexible";
import { getPool } from "@/lib/db/client";

// Sign-in brute-force protection, kept in PostgreSQL (table rate_limits, created by a migration) so
// every instance shares the counts. Failed attempts count; a success clears the account's count.
const globalForRl = globalThis as unknown as { __rl?: { byEmail: RateLimiterPostgres; byIp: RateLimiterPostgres } };

export const SIGN_IN_LIMITS = {
  perEmail: { points: 10, duration: 15 * 60 },
  perIp: { points: 100, duration: 15 * 60 },
};

function limiters() {
  if (!globalForRl.__rl) {
    const base = { storeClient: getPool(), tableName: "rate_limits", tableCreated: true, clearExpiredByTimeout: false };
    globalForRl.__rl = {
      byEmail: new RateLimiterPostgres({ ...base, keyPrefix: "signin_email", ...SIGN_IN_LIMITS.perEmail }),
      byIp: new RateLimiterPostgres({ ...base, keyPrefix: "signin_ip", ...SIGN_IN_LIMITS.perIp }),
    };
  }
  return globalForRl.__rl;
}

/** Seconds until the caller may try again, or 0 when neither the account nor the address is blocked. */
export async function signInBlockedFor(email: string, ip: string | null): Promise<number> {
  const { byEmail, byIp } = limiters();
  const [e, i] = await Promise.all([byEmail.get(email), ip ? byIp.get(ip) : null]);
  const wait = (r: RateLimiterRes | null, points: number) => (r && r.consumedPoints >= points ? Math.ceil(r.msBeforeNext / 1000) : 0);
  return Math.max(wait(e, SIGN_IN_LIMITS.perEmail.points), wait(i, SIGN_IN_LIMITS.perIp.points));
}

export async function countFailedSignIn(email: string, ip: string | null) {
  const { byEmail, byIp } = limiters();
  // consume() rejects with a RateLimiterRes once the limit is passed: expected here, not an error.
  const countOne = (p: Promise<unknown>) => p.catch((e: unknown) => (e instanceof Error ? Promise.reject(e) : undefined));
  await Promise.all([countOne(byEmail.consume(email)), ip ? countOne(byIp.consume(ip)) : null]);
}

export async function clearSignInFailures(email: string) {
  await limiters().byEmail.delete(email);
}
