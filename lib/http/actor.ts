import type { Actor } from "@/lib/auth/actor";
import { actorFromAccessToken } from "@/lib/auth/access-tokens";
import { getActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

/**
 * The user an API request acts for: a personal access token (Authorization: Bearer) or the session
 * cookie. A request that presents a token is judged by the token alone: a bad one is 401, never a
 * fall-back to cookies.
 */
export async function requestActor(req: Request): Promise<Actor | null> {
  const auth = req.headers.get("authorization");
  if (auth) {
    const m = auth.match(/^Bearer\s+(\S+)$/i);
    const actor = m ? await actorFromAccessToken(m[1]!) : null;
    if (!actor) throw new AppError("UNAUTHENTICATED", { message: "invalid or revoked token" });
    return actor;
  }
  return getActor();
}
