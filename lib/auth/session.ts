import { cache } from "react";
import { getServerSession } from "next-auth";
import { db } from "@/lib/db/client";
import type { Actor } from "./actor";
import { authOptions } from "./next-auth";

/**
 * The signed-in user of the current request, or null. The JWT only names the user and the session
 * version it was issued under; a token older than the user's current version (signed out, role
 * changed, disabled, password reset) no longer counts, from the next request on.
 * Memoised per server render, so a layout and its page share one lookup.
 */
export const getActor = cache(async (): Promise<Actor | null> => {
  const session = await getServerSession(authOptions);
  return actorFromClaims(session?.uid, session?.sv);
});

export async function actorFromClaims(uid: string | undefined, sv: number | undefined): Promise<Actor | null> {
  if (!uid || typeof sv !== "number") return null;
  const user = await db.user.findUnique({
    where: { id: uid },
    select: { id: true, email: true, name: true, roles: true, locale: true, sessionVersion: true, disabledAt: true, emailVerifiedAt: true },
  });
  if (!user || user.disabledAt || !user.emailVerifiedAt || user.sessionVersion !== sv) return null;
  return { id: user.id, email: user.email, name: user.name, roles: user.roles, locale: user.locale };
}
