import { db, type Tx } from "@/lib/db/client";
import type { MemberRole } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";
import { isUuid } from "@/lib/validate";

/** How the acting user relates to one consortium. Admins read everything and write nothing here. */
export interface ConsortiumAccess {
  consortiumId: string;
  callId: string;
  /** The member's role, or null for an admin who is not a member. */
  role: MemberRole | null;
  /** The organisation the member acts for. */
  organizationId: string | null;
  isAdmin: boolean;
}

const isAdmin = (actor: Actor) => actor.roles.includes("ADMIN");

/**
 * Who may see this consortium: its members and admins. Anyone else gets 404 (its existence is
 * private, DESIGN §5): the membership is part of the query's where clause, not a later check.
 */
export async function consortiumAccess(actor: Actor, consortiumId: string, client: Tx | typeof db = db): Promise<ConsortiumAccess> {
  if (!isUuid(consortiumId)) throw new AppError("NOT_FOUND");
  const admin = isAdmin(actor);
  const row = await client.consortium.findFirst({
    where: { id: consortiumId, ...(admin ? {} : { members: { some: { userId: actor.id } } }) },
    select: { id: true, callId: true, members: { where: { userId: actor.id }, select: { role: true, organizationId: true } } },
  });
  if (!row) throw new AppError("NOT_FOUND");
  const m = row.members[0];
  return { consortiumId: row.id, callId: row.callId, role: m?.role ?? null, organizationId: m?.organizationId ?? null, isAdmin: admin };
}

/** The same rule reached through a proposal id. */
export async function proposalAccess(actor: Actor, proposalId: string, client: Tx | typeof db = db): Promise<ConsortiumAccess & { proposalId: string }> {
  if (!isUuid(proposalId)) throw new AppError("NOT_FOUND");
  const admin = isAdmin(actor);
  const row = await client.proposal.findFirst({
    where: { id: proposalId, ...(admin ? {} : { consortium: { members: { some: { userId: actor.id } } } }) },
    select: { id: true, callId: true, consortiumId: true, consortium: { select: { members: { where: { userId: actor.id }, select: { role: true, organizationId: true } } } } },
  });
  if (!row) throw new AppError("NOT_FOUND");
  const m = row.consortium.members[0];
  return { proposalId: row.id, consortiumId: row.consortiumId, callId: row.callId, role: m?.role ?? null, organizationId: m?.organizationId ?? null, isAdmin: admin };
}

/** OWNER: everything; EDITOR: the draft and attachments; VIEWER: reading. */
export const CAN = {
  read: ["OWNER", "EDITOR", "VIEWER"],
  edit: ["OWNER", "EDITOR"],
  manage: ["OWNER"],
  submit: ["OWNER"],
} as const satisfies Record<string, readonly MemberRole[]>;

export function requireRole(access: ConsortiumAccess, allowed: readonly MemberRole[]): MemberRole {
  if (!access.role || !allowed.includes(access.role)) throw new AppError("FORBIDDEN");
  return access.role;
}
