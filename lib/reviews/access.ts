import { db, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";
import { isUuid } from "@/lib/validate";

/**
 * A reviewer's own active assignment, or 404: unassigned, conflicted or removed reviewers cannot tell
 * whether the proposal exists (the reviewer is part of the query's where clause).
 */
export async function myAssignment(actor: Actor, assignmentId: string, client: Tx | typeof db = db) {
  if (!actor.roles.includes("REVIEWER") || !isUuid(assignmentId)) throw new AppError("NOT_FOUND");
  const a = await client.reviewAssignment.findFirst({ where: { id: assignmentId, reviewerId: actor.id, status: "ACTIVE" } });
  if (!a) throw new AppError("NOT_FOUND");
  return a;
}

export function requireReviewer(actor: Actor | null): Actor {
  if (!actor) throw new AppError("UNAUTHENTICATED");
  if (!actor.roles.includes("REVIEWER")) throw new AppError("FORBIDDEN");
  return actor;
}
