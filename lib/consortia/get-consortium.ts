import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { formatBusinessRegNo } from "./business-number";
import { consortiumAccess } from "./access";

/** A consortium as its members (and admins) see it: organisations with their confirmations, people, invitations. */
export async function getConsortium(actor: Actor, consortiumId: string) {
  const access = await consortiumAccess(actor, consortiumId);
  const c = await db.consortium.findUniqueOrThrow({
    where: { id: access.consortiumId },
    select: {
      id: true,
      name: true,
      createdAt: true,
      call: { select: { id: true, slug: true, titleKo: true, titleEn: true, opensAt: true, closesAt: true } },
      organizations: {
        orderBy: [{ role: "asc" }, { createdAt: "asc" }],
        select: {
          role: true,
          responsibility: true,
          budgetShareKrw: true,
          confirmedShareKrw: true,
          confirmedAt: true,
          organization: { select: { id: true, name: true, businessRegNo: true, type: true, representativeName: true } },
        },
      },
      members: { orderBy: { createdAt: "asc" }, select: { role: true, organizationId: true, createdAt: true, user: { select: { id: true, name: true, email: true } } } },
      invitations: {
        where: { acceptedAt: null, revokedAt: null },
        orderBy: { createdAt: "asc" },
        select: { id: true, email: true, role: true, organizationId: true, expiresAt: true, createdAt: true },
      },
      extensions: { orderBy: { until: "desc" }, take: 1, select: { until: true } },
      proposal: { select: { id: true, status: true } },
    },
  });
  return {
    id: c.id,
    name: c.name,
    call: { ...c.call, opensAt: c.call.opensAt.toISOString(), closesAt: c.call.closesAt.toISOString() },
    extendedUntil: c.extensions[0]?.until.toISOString() ?? null,
    myRole: access.role,
    myOrganizationId: access.organizationId,
    organizations: c.organizations.map((o) => ({
      ...o.organization,
      businessRegNo: formatBusinessRegNo(o.organization.businessRegNo),
      role: o.role,
      responsibility: o.responsibility,
      budgetShareKrw: Number(o.budgetShareKrw),
      confirmed: o.confirmedAt !== null && o.confirmedShareKrw === o.budgetShareKrw,
      confirmedAt: o.confirmedAt?.toISOString() ?? null,
      confirmedShareKrw: o.confirmedShareKrw === null ? null : Number(o.confirmedShareKrw),
    })),
    members: c.members.map((m) => ({ ...m.user, role: m.role, organizationId: m.organizationId, joinedAt: m.createdAt.toISOString() })),
    // Pending invitations name people's addresses: owners and admins see them.
    invitations: access.role === "OWNER" || access.isAdmin ? c.invitations.map((i) => ({ ...i, expiresAt: i.expiresAt.toISOString(), createdAt: i.createdAt.toISOString() })) : [],
    proposal: c.proposal,
  };
}

export type ConsortiumView = Awaited<ReturnType<typeof getConsortium>>;

/** The consortia the user belongs to, newest first. */
export async function listMyConsortia(actor: Actor) {
  const rows = await db.consortiumMember.findMany({
    where: { userId: actor.id },
    orderBy: { createdAt: "desc" },
    select: {
      role: true,
      consortium: {
        select: {
          id: true,
          name: true,
          call: { select: { slug: true, titleKo: true, titleEn: true, closesAt: true } },
          leadOrganization: { select: { name: true } },
          proposal: { select: { id: true, status: true, lastVersionNo: true, draftSavedAt: true } },
        },
      },
    },
  });
  return rows.map((r) => ({
    id: r.consortium.id,
    name: r.consortium.name,
    myRole: r.role,
    leadOrganization: r.consortium.leadOrganization.name,
    call: { ...r.consortium.call, closesAt: r.consortium.call.closesAt.toISOString() },
    proposal: r.consortium.proposal ? { ...r.consortium.proposal, draftSavedAt: r.consortium.proposal.draftSavedAt.toISOString() } : null,
  }));
}
