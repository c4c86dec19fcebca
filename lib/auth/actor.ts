import type { Role } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";

/** The user a request acts for, loaded fresh from the database on every request. */
export interface Actor {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  locale: "ko" | "en";
}

/** Everything a service needs to know about the request besides the actor. */
export interface RequestContext {
  ip: string | null;
  /** Origin for links in mails, e.g. http://localhost:3000 */
  baseUrl: string;
  locale: "ko" | "en";
}

export function hasRole(actor: Actor | null, role: Role): boolean {
  return Boolean(actor?.roles.includes(role));
}

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new AppError("UNAUTHENTICATED");
  return actor;
}

/** Admin-only resources answer 403 to other signed-in users (DESIGN §5), 401 to anonymous ones. */
export function requireAdmin(actor: Actor | null): Actor {
  const a = requireActor(actor);
  if (!a.roles.includes("ADMIN")) throw new AppError("FORBIDDEN");
  return a;
}
