import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { getPool } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

// Rate limits kept in PostgreSQL (table rate_limits, created by a migration) so every instance shares
// the counts: rate-limiter-flexible's RateLimiterPostgres. Rules: decisions 003 and 012.

interface Limit {
  points: number;
  /** seconds */
  duration: number;
  /** Keyed by the client's address: scaled by RATE_LIMIT_ADDRESS_FACTOR (see addressFactor). */
  perAddress?: boolean;
}

/**
 * Sign-in (decision 012): failures count per (account, address) pair and per address; a far higher
 * ceiling per account stops a distributed guess. A rival hammering one account from their addresses
 * locks out only those addresses; past the ceiling the owner still signs in by emailed link.
 */
export const SIGN_IN_LIMITS = {
  perAccountAddress: { points: 10, duration: 15 * 60 },
  // One address may be a whole university or ministry office (NAT) at the cutoff: high, so typos
  // there never block it; a spray from one address still stops here (decision 012, amended).
  perIp: { points: 1000, duration: 15 * 60 },
  perAccount: { points: 200, duration: 15 * 60 },
} satisfies Record<string, Limit>;

/**
 * Every other account action, per address and per target (an email, a one-time token, a sender).
 * Per-address figures are sized for a large institution behind one NAT address on deadline day
 * (×10 the first figures); the per-target limits are what stop targeted attacks (decision 012).
 */
export const ACCOUNT_LIMITS = {
  registerIp: { points: 200, duration: 3600, perAddress: true },
  registerEmail: { points: 3, duration: 3600 },
  forgotIp: { points: 200, duration: 3600, perAddress: true },
  forgotEmail: { points: 3, duration: 3600 },
  signInLinkIp: { points: 200, duration: 3600, perAddress: true },
  signInLinkEmail: { points: 3, duration: 3600 },
  // One-time tokens are 256-bit, so these stop noise, not guessing: 5 tries per token, 300 per address.
  tokenIp: { points: 300, duration: 15 * 60, perAddress: true },
  tokenTarget: { points: 5, duration: 15 * 60 },
  inviteIp: { points: 600, duration: 3600, perAddress: true },
  inviteSender: { points: 30, duration: 3600 },
  // Keyed on (sender, recipient): a rival's invitations never use up the real owner's. The recipient's
  // own ceiling only caps one inbox: reaching it takes 10 senders, each an owner of a consortium.
  invitePair: { points: 5, duration: 24 * 3600 },
  inviteRecipient: { points: 50, duration: 24 * 3600 },
} satisfies Record<string, Limit>;

export type LimitName = keyof typeof ACCOUNT_LIMITS | `signin_${keyof typeof SIGN_IN_LIMITS}`;

/**
 * Every e2e request comes from 127.0.0.1, so the e2e server multiplies per-address limits
 * (RATE_LIMIT_ADDRESS_FACTOR); per-target limits are never scaled. Unset in production.
 */
function addressFactor(): number {
  const f = Number(process.env.RATE_LIMIT_ADDRESS_FACTOR ?? 1);
  return Number.isFinite(f) && f >= 1 ? Math.floor(f) : 1;
}

function limitOf(name: LimitName): Limit {
  if (name.startsWith("signin_")) return SIGN_IN_LIMITS[name.slice(7) as keyof typeof SIGN_IN_LIMITS];
  const l: Limit = ACCOUNT_LIMITS[name as keyof typeof ACCOUNT_LIMITS];
  return l.perAddress ? { ...l, points: l.points * addressFactor() } : l;
}

const globalForRl = globalThis as unknown as { __rl?: Map<string, RateLimiterPostgres> };

function limiter(name: LimitName): RateLimiterPostgres {
  globalForRl.__rl ??= new Map();
  const { points, duration } = limitOf(name);
  const id = `${name}:${points}`;
  let l = globalForRl.__rl.get(id);
  if (!l) {
    l = new RateLimiterPostgres({ storeClient: getPool(), tableName: "rate_limits", tableCreated: true, clearExpiredByTimeout: false, keyPrefix: name, points, duration });
    globalForRl.__rl.set(id, l);
  }
  return l;
}

const secondsOf = (r: RateLimiterRes) => Math.max(1, Math.ceil(r.msBeforeNext / 1000));

/** Counts one attempt against each (limit, key) at once; the seconds to wait, 0 when all are within. */
async function consumeAll(checks: [LimitName, string | null | undefined][]): Promise<number> {
  const results = await Promise.all(
    checks.map(([name, key]) =>
      key
        ? limiter(name)
            .consume(key)
            .then(() => 0)
            .catch((e: unknown) => {
              // consume() rejects with a RateLimiterRes once over the limit: expected, not an error.
              if (e instanceof RateLimiterRes) return secondsOf(e);
              throw e;
            })
        : 0,
    ),
  );
  return Math.max(0, ...results);
}

/**
 * Counts one attempt against each (limit, key) in order, stopping at the first refusal, and throws
 * RATE_LIMITED (429, Retry-After) for it: a request its address (or sender) is refused for never
 * spends the points of the target after it. A null key (no known address) is skipped.
 */
export async function consumeLimits(checks: [LimitName, string | null | undefined][]): Promise<void> {
  for (const check of checks) {
    const wait = await consumeAll([check]);
    if (wait > 0) throw new AppError("RATE_LIMITED", { retryAfterSeconds: wait });
  }
}

/**
 * Counts one attempt against a target's limit and says whether it was within it, never throwing
 * RATE_LIMITED: for the one-time links, whose over-limit requests are answered as sent but dropped.
 */
export async function withinLimit(name: LimitName, key: string): Promise<boolean> {
  return (await consumeAll([[name, key]])) === 0;
}

/**
 * Forgets a target's count: after a one-time link is used (its siblings die with it), so only the
 * owner, who alone can use a link, ever resets it.
 */
export async function clearLimit(name: LimitName, key: string): Promise<void> {
  await limiter(name).delete(key);
}

/** Seconds until the caller may try to sign in again, or 0 when nothing blocks (account, address). */
export async function signInBlockedFor(email: string, ip: string | null): Promise<number> {
  const checks: [LimitName, string | null][] = [
    ["signin_perAccountAddress", pairKey(email, ip)],
    ["signin_perIp", ip],
    ["signin_perAccount", email],
  ];
  const waits = await Promise.all(
    checks.map(async ([name, key]) => {
      if (!key) return 0;
      const r = await limiter(name).get(key);
      return r && r.consumedPoints >= limitOf(name).points ? secondsOf(r) : 0;
    }),
  );
  return Math.max(0, ...waits);
}

export async function countFailedSignIn(email: string, ip: string | null) {
  // Every failure counts on all three, and crossing a limit is not itself a refusal: the next attempt is.
  await consumeAll([
    ["signin_perAccountAddress", pairKey(email, ip)],
    ["signin_perIp", ip],
    ["signin_perAccount", email],
  ]);
}

/** A success clears the pair's count (not the account's ceiling: an attacker never succeeds). */
export async function clearSignInFailures(email: string, ip: string | null) {
  await limiter("signin_perAccountAddress").delete(pairKey(email, ip));
}

function pairKey(email: string, ip: string | null) {
  return `${email}|${ip ?? "-"}`;
}
