// Issue 11 item 3: replaced and removed attachments leave the disk unless a submitted version names
// them, and a draft holds at most DRAFT_QUOTA_BYTES, judged under the consortium's lock.
import crypto from "node:crypto";
import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createConsortium } from "@/lib/consortia/create-consortium";
import { createProposal } from "@/lib/proposals/create-proposal";
import { submitProposal } from "@/lib/proposals/submit-proposal";
import { openAttachment, removeAttachment, uploadAttachment } from "@/lib/proposals/attachments";
import { DRAFT_QUOTA_BYTES } from "@/lib/proposals/attachment-rules";
import { getFileStore } from "@/lib/storage";
import { ctx, makeUser } from "../support/factories";
import { appError, errorCode } from "../support/expect-error";
import { makeCall, org, readyProposal, upload } from "../support/apply";
import { hwp, pdf } from "../support/files";

const MiB = 1 << 20;
let slug: string;
beforeAll(async () => {
  slug = (await makeCall()).slug;
});

const onDisk = (key: string) => fs.existsSync(getFileStore().pathOf(key));
const keyOf = async (id: string) => (await db.attachment.findUniqueOrThrow({ where: { id }, select: { storageKey: true } })).storageKey;

async function draftProposal() {
  const owner = await makeUser();
  const c = await createConsortium(owner, { callSlug: slug, name: `저장 공간 ${crypto.randomBytes(3).toString("hex")}`, lead: org() }, ctx);
  const p = await createProposal(owner, { consortiumId: c.id }, ctx);
  return { owner, proposalId: p.id };
}

/** Attachment rows of the given sizes, as if uploaded earlier (no file: only their sizes matter here). */
async function heldRows(proposalId: string, userId: string, sizes: number[], kind: "OTHER" | "BUDGET_PLAN" | "PARTICIPATION_CONFIRMATION" = "OTHER") {
  for (const size of sizes) {
    const now = new Date();
    await db.attachment.create({
      data: {
        proposalId,
        kind,
        fileName: "기존.pdf",
        mediaType: "application/pdf",
        size,
        sha256: "0".repeat(64),
        storageKey: `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, "0")}/${crypto.randomUUID()}`,
        uploadedById: userId,
        uploadedAt: now,
      },
    });
  }
}

/** A PDF padded to `bytes` (a comment run before %%EOF's line keeps it a valid PDF). */
function pdfOf(bytes: number): Buffer {
  const base = pdf("padded");
  const cut = base.indexOf("\n") + 1;
  return Buffer.concat([base.subarray(0, cut), Buffer.alloc(bytes - base.length, 0x20), base.subarray(cut)]);
}

describe("deleting files nobody needs", () => {
  it("deletes a replaced or removed draft file (row and bytes) after the commit", async () => {
    const { owner, proposalId } = await draftProposal();
    const a = await upload(owner, proposalId, "BUSINESS_PLAN", pdf("v1"), "사업계획서_v1.pdf");
    const aKey = await keyOf(a.id);
    expect(onDisk(aKey)).toBe(true);
    const b = await upload(owner, proposalId, "BUSINESS_PLAN", hwp(), "사업계획서_v2.hwp");
    const bKey = await keyOf(b.id);
    expect(onDisk(aKey)).toBe(false);
    expect(await db.attachment.count({ where: { id: a.id } })).toBe(0);
    expect(await errorCode(openAttachment(owner, proposalId, a.id))).toBe("NOT_FOUND");
    expect(onDisk(bKey)).toBe(true);

    await removeAttachment(owner, proposalId, b.id, ctx);
    expect(onDisk(bKey)).toBe(false);
    expect(await db.attachment.count({ where: { proposalId } })).toBe(0);
    // The audit trail still says what was uploaded, replaced and purged.
    const events = await db.auditEvent.findMany({ where: { entityId: proposalId, action: { startsWith: "proposal.attachment" } }, orderBy: { seq: "asc" }, select: { action: true, data: true } });
    expect(events.map((e) => [e.action, (e.data as { purged?: string[] }).purged])).toEqual([
      ["proposal.attachment_uploaded", []],
      ["proposal.attachment_uploaded", [a.id]],
      ["proposal.attachment_removed", [b.id]],
    ]);
  });

  it("never deletes a file a submitted version names, even once replaced or removed", async () => {
    const call = await makeCall();
    const r = await readyProposal(call.slug);
    await submitProposal(r.owner, r.proposalId, { body: {}, idempotencyKey: null }, ctx);
    const submitted = await db.attachment.findMany({ where: { proposalId: r.proposalId }, select: { id: true, kind: true, storageKey: true } });
    expect(submitted).toHaveLength(2);
    const plan = submitted.find((s) => s.kind === "BUSINESS_PLAN")!;
    const agreement = submitted.find((s) => s.kind === "CONSORTIUM_AGREEMENT")!;
    const v2 = await upload(r.owner, r.proposalId, "BUSINESS_PLAN", pdf("v2"), "사업계획서_v2.pdf");
    await removeAttachment(r.owner, r.proposalId, agreement.id, ctx);
    for (const s of submitted) expect(onDisk(s.storageKey)).toBe(true);
    expect((await openAttachment(r.owner, r.proposalId, plan.id)).sha256).toHaveLength(64);
    // A draft-only file is deleted as before.
    const v3 = await upload(r.owner, r.proposalId, "BUSINESS_PLAN", pdf("v3"), "사업계획서_v3.pdf");
    expect(await db.attachment.count({ where: { id: v2.id } })).toBe(0);
    expect(onDisk(await keyOf(v3.id))).toBe(true);
    expect(onDisk(plan.storageKey)).toBe(true);
  });

  it("a replace racing a submit never deletes a file the new version names", async () => {
    const call = await makeCall();
    const r = await readyProposal(call.slug);
    for (let round = 0; round < 8; round++) {
      await Promise.allSettled([
        submitProposal(r.owner, r.proposalId, { body: {}, idempotencyKey: null }, ctx),
        upload(r.owner, r.proposalId, "BUSINESS_PLAN", pdf(`round ${round}`), `사업계획서_${round}.pdf`),
      ]);
    }
    const versions = await db.proposalVersion.findMany({ where: { proposalId: r.proposalId }, select: { document: true } });
    expect(versions.length).toBeGreaterThan(0);
    const named = new Set(versions.flatMap((v) => (v.document as { attachments: { id: string }[] }).attachments.map((a) => a.id)));
    const rows = await db.attachment.findMany({ where: { id: { in: [...named] } }, select: { id: true, storageKey: true } });
    expect(rows.map((x) => x.id).sort()).toEqual([...named].sort());
    for (const row of rows) expect(onDisk(row.storageKey)).toBe(true);
    // Every row is on disk and every file of the proposal has a row.
    for (const row of await db.attachment.findMany({ where: { proposalId: r.proposalId }, select: { storageKey: true } })) expect(onDisk(row.storageKey)).toBe(true);
  });
});

describe("the draft quota", () => {
  it("is 200 MiB", () => {
    expect(DRAFT_QUOTA_BYTES).toBe(200 * MiB);
  });

  it("refuses an upload that would take the draft past the quota with 413 DRAFT_QUOTA_EXCEEDED, keeping nothing", async () => {
    const { owner, proposalId } = await draftProposal();
    await heldRows(proposalId, owner.id, Array(10).fill(19.5 * MiB)); // 195 MiB held
    const before = await db.attachment.count({ where: { proposalId } });
    const e = await appError(upload(owner, proposalId, "BUSINESS_PLAN", pdfOf(5 * MiB + 1), "사업계획서.pdf"));
    expect([e.code, e.status]).toEqual(["DRAFT_QUOTA_EXCEEDED", 413]);
    expect(await db.attachment.count({ where: { proposalId } })).toBe(before);
    // Up to the quota exactly is fine.
    await upload(owner, proposalId, "BUSINESS_PLAN", pdfOf(5 * MiB), "사업계획서.pdf");
    const full = await db.attachment.aggregate({ _sum: { size: true }, where: { proposalId, replacedAt: null } });
    expect(full._sum.size).toBe(DRAFT_QUOTA_BYTES);
    // A full draft refuses at once, before reading the body.
    let read = false;
    const receive = () => {
      read = true;
      throw new Error("the body must not be read");
    };
    expect(await errorCode(uploadAttachment(owner, proposalId, "CONSORTIUM_AGREEMENT", receive, ctx))).toBe("DRAFT_QUOTA_EXCEEDED");
    expect(read).toBe(false);
  });

  it("does not count the file an upload replaces", async () => {
    const { owner, proposalId } = await draftProposal();
    await heldRows(proposalId, owner.id, Array(9).fill(20 * MiB)); // 180 MiB
    await heldRows(proposalId, owner.id, [19 * MiB], "BUDGET_PLAN"); // 199 MiB
    const x = await upload(owner, proposalId, "BUDGET_PLAN", pdfOf(2 * MiB), "예산.pdf");
    expect(x.size).toBe(2 * MiB);
  });

  it("lets only one of two parallel uploads through when both together would pass the quota", async () => {
    const { owner, proposalId } = await draftProposal();
    await heldRows(proposalId, owner.id, Array(5).fill(20 * MiB));
    await heldRows(proposalId, owner.id, [...Array(4).fill(20 * MiB), 19 * MiB], "PARTICIPATION_CONFIRMATION"); // 199 MiB: room for one of these
    const results = await Promise.allSettled([0, 1, 2].map((i) => upload(owner, proposalId, "OTHER", pdfOf(600 * 1024), `기타_${i}.pdf`)));
    const codes = results.map((r) => (r.status === "fulfilled" ? "OK" : (r.reason as { code?: string }).code)).sort();
    expect(codes).toEqual(["DRAFT_QUOTA_EXCEEDED", "DRAFT_QUOTA_EXCEEDED", "OK"]);
    const sum = await db.attachment.aggregate({ _sum: { size: true }, where: { proposalId, replacedAt: null } });
    expect(sum._sum.size!).toBeLessThanOrEqual(DRAFT_QUOTA_BYTES);
  });
});
