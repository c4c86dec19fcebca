import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createConsortium } from "@/lib/consortia/create-consortium";
import { addOrganization, confirmParticipation, removeOrganization, updateOrganization } from "@/lib/consortia/manage-organizations";
import { acceptInvitation, inviteMember, revokeInvitation } from "@/lib/consortia/invitations";
import { getConsortium, listMyConsortia } from "@/lib/consortia/get-consortium";
import { verifyAuditChain } from "@/lib/audit/verify";
import { fixedClock, setClock } from "@/lib/time/clock";
import { ctx, makeUser, tokenFromLastMail } from "../support/factories";
import { appError, errorCode } from "../support/expect-error";
import { addMember, makeCall, org } from "../support/apply";

let slug: string;
beforeAll(async () => {
  slug = (await makeCall()).slug;
});

async function rowCounts() {
  const [consortia, orgs, links, members, invitations, audits] = await Promise.all([
    db.consortium.count(),
    db.organization.count(),
    db.consortiumOrganization.count(),
    db.consortiumMember.count(),
    db.consortiumInvitation.count(),
    db.auditEvent.count(),
  ]);
  return { consortia, orgs, links, members, invitations, audits };
}

describe("creating a consortium", () => {
  it("makes the creator OWNER for the lead organisation, audited", async () => {
    const owner = await makeUser();
    const c = await createConsortium(owner, { callSlug: slug, name: "  컨소시엄 A ", lead: org("주관 주식회사") }, ctx);
    const view = await getConsortium(owner, c.id);
    expect(view.name).toBe("컨소시엄 A");
    expect(view.myRole).toBe("OWNER");
    expect(view.organizations).toHaveLength(1);
    expect(view.organizations[0]).toMatchObject({ role: "LEAD", name: "주관 주식회사", confirmed: false });
    expect(view.organizations[0]!.businessRegNo).toMatch(/^\d{3}-\d{2}-\d{5}$/);
    expect((await listMyConsortia(owner)).map((x) => x.id)).toEqual([c.id]);
    const audit = await db.auditEvent.findMany({ where: { entityType: "CONSORTIUM", entityId: c.id } });
    expect(audit.map((a) => a.action)).toEqual(["consortium.created"]);
  });

  it("takes the lead's own budget share at creation (optional, 0 by default, validated like any share)", async () => {
    const owner = await makeUser();
    const c = await createConsortium(owner, { callSlug: slug, name: "분담 컨소시엄", lead: org("분담 주관 주식회사"), budgetShareKrw: 20_000_000_000 }, ctx);
    expect((await getConsortium(owner, c.id)).organizations[0]).toMatchObject({ role: "LEAD", budgetShareKrw: 20_000_000_000 });
    const zero = await createConsortium(owner, { callSlug: slug, name: "무분담 컨소시엄", lead: org() }, ctx);
    expect((await getConsortium(owner, zero.id)).organizations[0]).toMatchObject({ budgetShareKrw: 0 });
    const before = await rowCounts();
    for (const [bad, key] of [[-1, "mustBeNonNegative"], [1.5, "integerRequired"], [10 ** 15, "budgetTooLarge"]] as const) {
      const e = await appError(createConsortium(owner, { callSlug: slug, name: "잘못된 분담", lead: org(), budgetShareKrw: bad }, ctx));
      expect(e.code).toBe("VALIDATION_FAILED");
      expect(e.fields?.budgetShareKrw).toBe(key);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses an invalid business number, an unknown call and a non-applicant, with nothing saved", async () => {
    const owner = await makeUser();
    const before = await rowCounts();
    const e = await appError(createConsortium(owner, { callSlug: slug, name: "B", lead: { ...org(), businessRegNo: "124-81-00997" } }, ctx));
    expect(e.code).toBe("VALIDATION_FAILED");
    expect(e.fields).toEqual({ "lead.businessRegNo": "businessRegNoInvalid" });
    expect(await errorCode(createConsortium(owner, { callSlug: "no-such-call", name: "B", lead: org() }, ctx))).toBe("CALL_NOT_FOUND");
    const reviewer = await makeUser(["REVIEWER"]);
    expect(await errorCode(createConsortium(reviewer, { callSlug: slug, name: "B", lead: org() }, ctx))).toBe("FORBIDDEN");
    expect(await rowCounts()).toEqual(before);
  });

  it("keeps one organisation row per business number, and one consortium per lead organisation per call", async () => {
    const a = await makeUser();
    const b = await makeUser();
    const shared = org("공유 연구원", "RESEARCH_INSTITUTE");
    const c1 = await createConsortium(a, { callSlug: slug, name: "C1", lead: org() }, ctx);
    await addOrganization(a, c1.id, { organization: shared }, ctx);
    const c2 = await createConsortium(b, { callSlug: slug, name: "C2", lead: { ...shared, name: "다른 이름으로 적은 같은 기관" } }, ctx);
    expect(await db.organization.count({ where: { businessRegNo: shared.businessRegNo } })).toBe(1);
    expect((await getConsortium(b, c2.id)).organizations[0]!.name).toBe("공유 연구원");
    const e = await appError(createConsortium(a, { callSlug: slug, name: "C3", lead: shared }, ctx));
    expect(e.code).toBe("CONFLICT");
    // The same organisation twice in one consortium is refused too.
    expect(await errorCode(addOrganization(a, c1.id, { organization: shared }, ctx))).toBe("CONFLICT");
  });
});

describe("invitations and roles", () => {
  it("invites by email, and only the invited address can accept, once, before expiry", async () => {
    const owner = await makeUser();
    const c = await createConsortium(owner, { callSlug: slug, name: "초대 컨소시엄", lead: org() }, ctx);
    const part = await addOrganization(owner, c.id, { organization: org("참여 스타트업") }, ctx);
    const invitee = await makeUser();
    const stranger = await makeUser();
    await inviteMember(owner, c.id, { email: invitee.email.toUpperCase(), organizationId: part.organizationId, role: "EDITOR" }, ctx);
    const mail = await db.mailOutbox.findFirstOrThrow({ where: { to: invitee.email } });
    expect(mail.subject).toContain("초대 컨소시엄");
    expect(mail.text).toContain("/invitations/accept?token=");
    const token = await tokenFromLastMail(invitee.email);
    expect((await appError(acceptInvitation(stranger, { token }, ctx))).code).toBe("FORBIDDEN");
    expect(await acceptInvitation(invitee, { token }, ctx)).toMatchObject({ consortiumId: c.id, role: "EDITOR", organizationId: part.organizationId });
    expect(await errorCode(acceptInvitation(invitee, { token }, ctx))).toBe("TOKEN_USED");
    expect(await errorCode(acceptInvitation(invitee, { token: "x".repeat(43) }, ctx))).toBe("TOKEN_INVALID");
    const view = await getConsortium(invitee, c.id);
    expect(view.myRole).toBe("EDITOR");
    expect(view.members.map((m) => m.email).sort()).toEqual([owner.email, invitee.email].sort());
    // Addresses of pending invitations are for owners only.
    expect(view.invitations).toEqual([]);

    // Revoked and expired invitations do not work.
    const late = await makeUser();
    const inv = await inviteMember(owner, c.id, { email: late.email, organizationId: part.organizationId, role: "VIEWER" }, ctx);
    const revokedToken = await tokenFromLastMail(late.email);
    await revokeInvitation(owner, c.id, inv.id, ctx);
    expect(await errorCode(acceptInvitation(late, { token: revokedToken }, ctx))).toBe("TOKEN_INVALID");
    await inviteMember(owner, c.id, { email: late.email, organizationId: part.organizationId, role: "VIEWER" }, ctx);
    const expiring = await tokenFromLastMail(late.email);
    const restore = setClock(fixedClock(new Date(Date.now() + 8 * 86_400_000)));
    try {
      expect(await errorCode(acceptInvitation(late, { token: expiring }, ctx))).toBe("TOKEN_EXPIRED");
    } finally {
      restore();
    }
    // Inviting someone already in, or for an organisation outside the consortium, is refused.
    expect(await errorCode(inviteMember(owner, c.id, { email: invitee.email, organizationId: part.organizationId, role: "VIEWER" }, ctx))).toBe("CONFLICT");
    const outside = await db.organization.create({ data: org("밖의 기관") as never });
    expect((await appError(inviteMember(owner, c.id, { email: late.email, organizationId: outside.id, role: "VIEWER" }, ctx))).fields).toEqual({ organizationId: "organizationNotInConsortium" });
  });

  it("permission matrix: owner manages; editor and viewer may not; others do not see the consortium", async () => {
    const owner = await makeUser();
    const c = await createConsortium(owner, { callSlug: slug, name: "권한 컨소시엄", lead: org() }, ctx);
    const lead = (await getConsortium(owner, c.id)).organizations[0]!.id;
    const editor = await addMember(owner, c.id, lead, "EDITOR");
    const viewer = await addMember(owner, c.id, lead, "VIEWER");
    const outsider = await makeUser();
    const reviewer = await makeUser(["REVIEWER"]);
    const admin = await makeUser(["ADMIN"]);
    const before = await rowCounts();
    const invite = (a: typeof owner) => inviteMember(a, c.id, { email: "x@example.com", organizationId: lead, role: "VIEWER" }, ctx);
    const add = (a: typeof owner) => addOrganization(a, c.id, { organization: org() }, ctx);
    for (const a of [editor, viewer, admin]) {
      expect(await errorCode(invite(a))).toBe("FORBIDDEN");
      expect(await errorCode(add(a))).toBe("FORBIDDEN");
      expect(await errorCode(updateOrganization(a, c.id, lead, { budgetShareKrw: 1 }, ctx))).toBe("FORBIDDEN");
    }
    for (const a of [outsider, reviewer]) {
      expect(await errorCode(getConsortium(a, c.id))).toBe("NOT_FOUND");
      expect(await errorCode(invite(a))).toBe("NOT_FOUND");
      expect(await errorCode(add(a))).toBe("NOT_FOUND");
      expect(await errorCode(confirmParticipation(a, c.id, lead, ctx))).toBe("NOT_FOUND");
    }
    expect(await errorCode(getConsortium(owner, "not-a-uuid"))).toBe("NOT_FOUND");
    expect(await errorCode(getConsortium(owner, "00000000-0000-4000-8000-000000000000"))).toBe("NOT_FOUND");
    expect(await rowCounts()).toEqual(before);
    // Admins read.
    expect((await getConsortium(admin, c.id)).myRole).toBeNull();
    // The lead organisation cannot be removed.
    expect(await errorCode(removeOrganization(owner, c.id, lead, ctx))).toBe("FORBIDDEN");
  });
});

describe("confirmations", () => {
  it("each organisation confirms its own share; a changed share needs confirming again", async () => {
    const owner = await makeUser();
    const c = await createConsortium(owner, { callSlug: slug, name: "확인 컨소시엄", lead: org() }, ctx);
    const part = await addOrganization(owner, c.id, { organization: org("참여 기관"), budgetShareKrw: 5_000_000_000 }, ctx);
    const partner = await addMember(owner, c.id, part.organizationId, "VIEWER");
    // The owner acts for the lead, not for the participant.
    expect(await errorCode(confirmParticipation(owner, c.id, part.organizationId, ctx))).toBe("FORBIDDEN");
    const r = await confirmParticipation(partner, c.id, part.organizationId, ctx);
    expect(r.confirmedShareKrw).toBe(5_000_000_000);
    let view = await getConsortium(owner, c.id);
    expect(view.organizations.find((o) => o.id === part.organizationId)).toMatchObject({ confirmed: true, budgetShareKrw: 5_000_000_000 });
    await updateOrganization(owner, c.id, part.organizationId, { budgetShareKrw: 6_000_000_000 }, ctx);
    view = await getConsortium(owner, c.id);
    expect(view.organizations.find((o) => o.id === part.organizationId)).toMatchObject({ confirmed: false, confirmedShareKrw: 5_000_000_000, budgetShareKrw: 6_000_000_000 });
    const chain = await verifyAuditChain("CONSORTIUM", c.id);
    expect(chain.ok).toBe(true);
    const actions = (await db.auditEvent.findMany({ where: { entityType: "CONSORTIUM", entityId: c.id }, orderBy: { seq: "asc" } })).map((a) => a.action);
    expect(actions).toEqual([
      "consortium.created",
      "consortium.organization_added",
      "consortium.invitation_sent",
      "consortium.member_joined",
      "consortium.participation_confirmed",
      "consortium.organization_updated",
    ]);
  });

  it("the member list freezes at the cutoff: accepting, inviting and confirming are refused and recorded as late", async () => {
    const call = await makeCall({ closesAt: new Date(Date.now() + 3600_000) });
    const owner = await makeUser();
    const c = await createConsortium(owner, { callSlug: call.slug, name: "마감 컨소시엄", lead: org() }, ctx);
    const lead = (await getConsortium(owner, c.id)).organizations[0]!.id;
    const invitee = await makeUser();
    await inviteMember(owner, c.id, { email: invitee.email, organizationId: lead, role: "EDITOR" }, ctx);
    const token = await tokenFromLastMail(invitee.email);
    const restore = setClock(fixedClock(call.closesAt));
    try {
      const before = await rowCounts();
      expect(await errorCode(acceptInvitation(invitee, { token }, ctx))).toBe("CALL_CLOSED");
      expect(await errorCode(inviteMember(owner, c.id, { email: "late@example.com", organizationId: lead, role: "VIEWER" }, ctx))).toBe("CALL_CLOSED");
      expect(await errorCode(confirmParticipation(owner, c.id, lead, ctx))).toBe("CALL_CLOSED");
      expect(await errorCode(createConsortium(invitee, { callSlug: call.slug, name: "늦은 컨소시엄", lead: org() }, ctx))).toBe("CALL_CLOSED");
      expect(await rowCounts()).toEqual(before);
    } finally {
      restore();
    }
    const late = await db.lateAttempt.findMany({ where: { callId: call.id }, orderBy: { id: "asc" } });
    expect(late.map((l) => [l.action, l.lateByMs])).toEqual([
      ["INVITATION_ACCEPT", 0],
      ["CONSORTIUM_EDIT", 0],
      ["PARTICIPATION_CONFIRM", 0],
      ["CONSORTIUM_CREATE", 0],
    ]);
  });
});
