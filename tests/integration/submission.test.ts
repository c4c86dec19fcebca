import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { canonicalSha256 } from "@/lib/audit/hash";
import { verifyAuditChain } from "@/lib/audit/verify";
import { createProposal } from "@/lib/proposals/create-proposal";
import { saveDraft } from "@/lib/proposals/save-draft";
import { getProposal, getProposalVersion } from "@/lib/proposals/get-proposal";
import { submitProposal } from "@/lib/proposals/submit-proposal";
import { withdrawProposal } from "@/lib/proposals/withdraw-proposal";
import { openAttachment, removeAttachment } from "@/lib/proposals/attachments";
import { grantExtension } from "@/lib/calls/grant-extension";
import { createConsortium } from "@/lib/consortia/create-consortium";
import { fixedClock, setClock } from "@/lib/time/clock";
import { ctx, makeUser } from "../support/factories";
import { appError, errorCode } from "../support/expect-error";
import { addMember, fullDraft, makeCall, org, readyProposal, upload } from "../support/apply";
import { exe, hwp, pdf, xlsx } from "../support/files";

let slug: string;
beforeAll(async () => {
  slug = (await makeCall()).slug;
});

const submit = (actor: Parameters<typeof submitProposal>[0], id: string, key: string | null = null, body: unknown = {}) =>
  submitProposal(actor, id, { body, idempotencyKey: key }, ctx);

async function proposalRows(proposalId: string) {
  const [p, versions, attachments] = await Promise.all([
    db.proposal.findUniqueOrThrow({ where: { id: proposalId }, select: { status: true, draft: true, draftVersion: true, lastVersionNo: true, withdrawnAt: true } }),
    db.proposalVersion.findMany({ where: { proposalId }, orderBy: { versionNo: "asc" }, select: { versionNo: true, sha256: true, document: true } }),
    db.attachment.findMany({ where: { proposalId }, orderBy: { uploadedAt: "asc" }, select: { id: true, replacedAt: true, sha256: true } }),
  ]);
  return { p, versions, attachments };
}

describe("the draft", () => {
  it("saves with If-Match; a stale save gets VERSION_CONFLICT and changes nothing", async () => {
    const owner = await makeUser();
    const c = await createConsortium(owner, { callSlug: slug, name: "초안 컨소시엄", lead: org() }, ctx);
    const p = await createProposal(owner, { consortiumId: c.id }, ctx);
    expect(await errorCode(createProposal(owner, { consortiumId: c.id }, ctx))).toBe("CONFLICT");
    const editor = await addMember(owner, c.id, (await db.consortium.findUniqueOrThrow({ where: { id: c.id } })).leadOrganizationId, "EDITOR");
    const a = await saveDraft(owner, p.id, { draft: { overview: { titleKo: "첫 제목" } }, expectedVersion: 1 }, ctx);
    expect(a.draftVersion).toBe(2);
    const b = await saveDraft(editor, p.id, { draft: { overview: { titleKo: "동료의 제목" } }, expectedVersion: 2 }, ctx);
    expect(b.draftVersion).toBe(3);
    const before = await proposalRows(p.id);
    expect(await errorCode(saveDraft(owner, p.id, { draft: { overview: { titleKo: "덮어쓰려는 제목" } }, expectedVersion: 2 }, ctx))).toBe("VERSION_CONFLICT");
    expect(await errorCode(saveDraft(owner, p.id, { draft: {}, expectedVersion: null }, ctx))).toBe("BAD_REQUEST");
    expect(await proposalRows(p.id)).toEqual(before);
    expect((await getProposal(owner, p.id)).draft).toEqual({ overview: { titleKo: "동료의 제목" } });
  });

  it("refuses absurd values and unknown keys with field messages, saving nothing", async () => {
    const owner = await makeUser();
    const c = await createConsortium(owner, { callSlug: slug, name: "검증 컨소시엄", lead: org() }, ctx);
    const p = await createProposal(owner, { consortiumId: c.id }, ctx);
    const before = await proposalRows(p.id);
    const cases: [unknown, Record<string, string>][] = [
      [{ models: [{ parameterCount: -5 }] }, { "models.0.parameterCount": "mustBePositive" }],
      [{ models: [{ parameterCount: 1e14 }] }, { "models.0.parameterCount": "parameterCountAbsurd" }],
      [{ overview: { titleKo: "가".repeat(201) } }, { "overview.titleKo": "tooLong" }],
      [{ overview: { requestedBudgetKrw: 1.5 } }, { "overview.requestedBudgetKrw": "integerRequired" }],
      [{ overview: { requestedBudgetKrw: 10 ** 15 } }, { "overview.requestedBudgetKrw": "budgetTooLarge" }],
      [{ models: Array.from({ length: 11 }, () => ({})) }, { models: "tooManyModels" }],
    ];
    for (const [draft, fields] of cases) {
      const e = await appError(saveDraft(owner, p.id, { draft, expectedVersion: 1 }, ctx));
      expect(e.code).toBe("VALIDATION_FAILED");
      expect(e.fields).toEqual(fields);
    }
    expect((await appError(saveDraft(owner, p.id, { draft: { evil: 1 }, expectedVersion: 1 }, ctx))).code).toBe("VALIDATION_FAILED");
    expect(await proposalRows(p.id)).toEqual(before);
  });

  it("flags a proposal whose models are all fine-tuned from a foreign base", async () => {
    const owner = await makeUser();
    const c = await createConsortium(owner, { callSlug: slug, name: "플래그 컨소시엄", lead: org() }, ctx);
    const p = await createProposal(owner, { consortiumId: c.id }, ctx);
    const ft = fullDraft().models[1];
    let r = await saveDraft(owner, p.id, { draft: { models: [ft] }, expectedVersion: 1 }, ctx);
    expect(r.foreignFineTuneOnly).toBe(true);
    r = await saveDraft(owner, p.id, { draft: { models: fullDraft().models }, expectedVersion: r.draftVersion }, ctx);
    expect(r.foreignFineTuneOnly).toBe(false);
  });
});

describe("readiness and submission", () => {
  it("lists what is missing, then submits a version whose receipt hash is the canonical document's", async () => {
    const owner = await makeUser();
    const c = await createConsortium(owner, { callSlug: slug, name: "준비 컨소시엄", lead: org() }, ctx);
    const p = await createProposal(owner, { consortiumId: c.id }, ctx);
    const view = await getProposal(owner, p.id);
    expect(view.readiness.ready).toBe(false);
    const codes = new Set(view.readiness.items.map((i) => i.code));
    expect(codes).toEqual(new Set(["FIELD_INVALID", "ATTACHMENT_MISSING", "ORG_UNCONFIRMED"]));
    const e = await appError(submit(owner, p.id));
    expect(e.code).toBe("VALIDATION_FAILED");
    expect(e.fields).toMatchObject({ "draft.overview": "required", "attachments.BUSINESS_PLAN": "attachmentMissing" });
    expect(await db.proposalVersion.count({ where: { proposalId: p.id } })).toBe(0);

    const r = await readyProposal(slug);
    expect((await getProposal(r.owner, r.proposalId)).readiness).toEqual({ ready: true, items: [] });
    const receipt = await submit(r.owner, r.proposalId, "key-first-submit");
    expect(receipt).toMatchObject({ versionNo: 1, replayed: false });
    expect(receipt.receiptNo).toMatch(/^\d{4}-\d{6}-01$/);
    const v = await getProposalVersion(r.owner, r.proposalId, 1);
    expect(canonicalSha256(JSON.parse(JSON.stringify(v.document)))).toBe(receipt.sha256);
    expect(v.sha256).toBe(receipt.sha256);
    const doc = v.document as { content: { models: unknown[] }; attachments: { sha256: string }[]; flags: unknown; submittedAt: string };
    expect(doc.content.models).toHaveLength(2);
    expect(doc.flags).toEqual({ foreignFineTuneOnly: false });
    expect(doc.submittedAt).toBe(receipt.submittedAt);
    // The manifest's hashes are the stored files' hashes.
    const stored = await db.attachment.findMany({ where: { proposalId: r.proposalId, replacedAt: null }, select: { sha256: true } });
    expect(doc.attachments.map((a) => a.sha256).sort()).toEqual(stored.map((s) => s.sha256).sort());
    // Every member gets the receipt by mail.
    const mails = await db.mailOutbox.findMany({ where: { kind: "RECEIPT", to: { in: [r.owner.email, r.partner.email] } } });
    expect(mails).toHaveLength(2);
    expect(mails[0]!.text).toContain(receipt.receiptNo);
    expect(mails[0]!.text).toContain(receipt.sha256);

    // Submitting again makes version 2; withdrawing and re-submitting make version 3.
    const second = await submit(r.owner, r.proposalId, "key-second-submit");
    expect(second.versionNo).toBe(2);
    expect((await withdrawProposal(r.owner, r.proposalId, ctx)).status).toBe("WITHDRAWN");
    expect((await withdrawProposal(r.owner, r.proposalId, ctx)).status).toBe("WITHDRAWN");
    expect((await submit(r.owner, r.proposalId)).versionNo).toBe(3);
    const audit = await db.auditEvent.findMany({ where: { entityType: "PROPOSAL", entityId: r.proposalId }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => a.action)).toEqual([
      "proposal.created",
      "proposal.draft_saved",
      "proposal.attachment_uploaded",
      "proposal.attachment_uploaded",
      "proposal.submitted",
      "proposal.submitted",
      "proposal.withdrawn",
      "proposal.submitted",
    ]);
    expect((await verifyAuditChain("PROPOSAL", r.proposalId)).ok).toBe(true);
  });

  it("issue 11 item 4: a deeply nested body is refused by validation (422), not hashed first into a stack overflow", async () => {
    const call = await makeCall({ closesAt: new Date(Date.now() + 3600_000) });
    const r = await readyProposal(call.slug);
    let deep: unknown = 1;
    for (let i = 0; i < 120_000; i++) deep = [deep];
    expect(await errorCode(submit(r.owner, r.proposalId, null, deep))).toBe("VALIDATION_FAILED");
    expect(await errorCode(submit(r.owner, r.proposalId, "deep-body-key-1", { draftVersion: deep }))).toBe("VALIDATION_FAILED");
    // The key of a real receipt with an invalid body: the body cannot be the one that made the receipt.
    const ok = await submit(r.owner, r.proposalId, "deep-body-key-2");
    expect(await errorCode(submit(r.owner, r.proposalId, "deep-body-key-2", deep))).toBe("IDEMPOTENCY_KEY_REUSED");
    expect((await submit(r.owner, r.proposalId, "deep-body-key-2")).receiptNo).toBe(ok.receiptNo);
    expect(await db.proposalVersion.count({ where: { proposalId: r.proposalId } })).toBe(1);
  });

  it("idempotency: a retried key returns the same receipt (even after the cutoff); another body with it is refused", async () => {
    const call = await makeCall({ closesAt: new Date(Date.now() + 3600_000) });
    const r = await readyProposal(call.slug);
    const [a, b, c] = await Promise.all([submit(r.owner, r.proposalId, "double-click-1"), submit(r.owner, r.proposalId, "double-click-1"), submit(r.owner, r.proposalId, "double-click-1")]);
    expect(new Set([a.receiptNo, b.receiptNo, c.receiptNo]).size).toBe(1);
    expect([a, b, c].filter((x) => x.replayed)).toHaveLength(2);
    expect(await db.proposalVersion.count({ where: { proposalId: r.proposalId } })).toBe(1);
    expect(await errorCode(submit(r.owner, r.proposalId, "double-click-1", { draftVersion: r.draftVersion }))).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(await errorCode(submit(r.owner, r.proposalId, "bad key with spaces"))).toBe("BAD_REQUEST");
    const restore = setClock(fixedClock(new Date(call.closesAt.getTime() + 60_000)));
    try {
      expect((await submit(r.owner, r.proposalId, "double-click-1")).receiptNo).toBe(a.receiptNo);
      expect(await errorCode(submit(r.owner, r.proposalId, "a-new-key-after-cutoff"))).toBe("CALL_CLOSED");
    } finally {
      restore();
    }
    expect(await db.proposalVersion.count({ where: { proposalId: r.proposalId } })).toBe(1);
  });

  it("a submit naming an older draft version than a colleague's latest save is a conflict", async () => {
    const r = await readyProposal(slug);
    await saveDraft(r.owner, r.proposalId, { draft: { ...fullDraft(), plan: { computePlan: "바뀐 계획", dataPlan: "x" } }, expectedVersion: r.draftVersion }, ctx);
    expect(await errorCode(submit(r.owner, r.proposalId, null, { draftVersion: r.draftVersion }))).toBe("VERSION_CONFLICT");
    expect(await db.proposalVersion.count({ where: { proposalId: r.proposalId } })).toBe(0);
  });

  it("permission matrix: owner submits; editor edits but does not submit; viewer reads; others get 404", async () => {
    const r = await readyProposal(slug);
    const lead = r.leadOrganizationId;
    const editor = await addMember(r.owner, r.consortiumId, lead, "EDITOR");
    const viewer = r.partner; // a VIEWER of the participating organisation
    const outsider = await makeUser();
    const reviewer = await makeUser(["REVIEWER"]);
    const admin = await makeUser(["ADMIN"]);
    const before = await proposalRows(r.proposalId);
    const save = (a: typeof editor) => saveDraft(a, r.proposalId, { draft: fullDraft(), expectedVersion: r.draftVersion }, ctx);
    for (const a of [outsider, reviewer]) {
      expect(await errorCode(getProposal(a, r.proposalId))).toBe("NOT_FOUND");
      expect(await errorCode(save(a))).toBe("NOT_FOUND");
      expect(await errorCode(submit(a, r.proposalId))).toBe("NOT_FOUND");
      expect(await errorCode(withdrawProposal(a, r.proposalId, ctx))).toBe("NOT_FOUND");
      expect(await errorCode(upload(a, r.proposalId, "OTHER"))).toBe("NOT_FOUND");
      expect(await errorCode(getProposalVersion(a, r.proposalId, 1))).toBe("NOT_FOUND");
      expect(await errorCode(openAttachment(a, r.proposalId, before.attachments[0]!.id))).toBe("NOT_FOUND");
    }
    for (const a of [viewer, admin]) {
      expect((await getProposal(a, r.proposalId)).id).toBe(r.proposalId);
      expect(await errorCode(save(a))).toBe("FORBIDDEN");
      expect(await errorCode(submit(a, r.proposalId))).toBe("FORBIDDEN");
      expect(await errorCode(upload(a, r.proposalId, "OTHER"))).toBe("FORBIDDEN");
    }
    expect(await errorCode(submit(editor, r.proposalId))).toBe("FORBIDDEN");
    expect(await errorCode(withdrawProposal(editor, r.proposalId, ctx))).toBe("FORBIDDEN");
    expect(await proposalRows(r.proposalId)).toEqual(before);
    // The editor may edit.
    expect((await save(editor)).draftVersion).toBe(r.draftVersion + 1);
  });
});

describe("attachments", () => {
  it("stores the SHA-256 of exactly what arrived; refuses renamed executables, wrong types, 0 bytes, paths; replaces by kind", async () => {
    const owner = await makeUser();
    const c = await createConsortium(owner, { callSlug: slug, name: "첨부 컨소시엄", lead: org() }, ctx);
    const p = await createProposal(owner, { consortiumId: c.id }, ctx);
    const bytes = pdf("business plan v1");
    const a = await upload(owner, p.id, "BUSINESS_PLAN", bytes, "사업계획서_v1.pdf");
    const { createHash } = await import("node:crypto");
    expect(a.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(a).toMatchObject({ kind: "BUSINESS_PLAN", fileName: "사업계획서_v1.pdf", mediaType: "application/pdf", size: bytes.length });
    const opened = await openAttachment(owner, p.id, a.id);
    const chunks: Buffer[] = [];
    for await (const ch of opened.stream as AsyncIterable<Buffer>) chunks.push(ch);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);

    const before = await proposalRows(p.id);
    const refusals: [string, Buffer, string, string, Record<string, string> | undefined][] = [
      ["BUSINESS_PLAN", exe(), "setup.pdf", "UNSUPPORTED_MEDIA_TYPE", { file: "fileTypeUnsupported" }],
      ["BUSINESS_PLAN", Buffer.alloc(0), "empty.pdf", "VALIDATION_FAILED", { file: "fileEmpty" }],
      ["BUSINESS_PLAN", pdf(), "../../etc/passwd.pdf", "VALIDATION_FAILED", { file: "fileNameInvalid" }],
      ["BUSINESS_PLAN", pdf(), "plan.hwp", "VALIDATION_FAILED", { file: "fileExtensionMismatch" }],
      ["CONSORTIUM_AGREEMENT", await xlsx(), "agreement.xlsx", "VALIDATION_FAILED", { file: "fileTypeNotAllowed" }],
      ["NOT_A_KIND", pdf(), "x.pdf", "VALIDATION_FAILED", { kind: "attachmentKindInvalid" }],
    ];
    for (const [kind, data, name, code, fields] of refusals) {
      const e = await appError(upload(owner, p.id, kind, data, name));
      expect([name, e.code]).toEqual([name, code]);
      expect(e.fields).toEqual(fields);
    }
    expect(await proposalRows(p.id)).toEqual(before);

    // A new business plan replaces the old one; no version names the old one, so it is deleted (decision 014).
    const b = await upload(owner, p.id, "BUSINESS_PLAN", hwp(), "사업계획서_v2.hwp");
    expect(b.mediaType).toBe("application/x-hwp");
    const rows = await proposalRows(p.id);
    expect(rows.attachments.map((x) => [x.id, x.replacedAt === null])).toEqual([[b.id, true]]);
    expect(await errorCode(openAttachment(owner, p.id, a.id))).toBe("NOT_FOUND");
    await removeAttachment(owner, p.id, b.id, ctx);
    expect((await getProposal(owner, p.id)).attachments).toEqual([]);
    expect(await errorCode(removeAttachment(owner, p.id, b.id, ctx))).toBe("NOT_FOUND");
  });

  it("refuses a file over the kind's limit while streaming, keeping nothing", async () => {
    const owner = await makeUser();
    const c = await createConsortium(owner, { callSlug: slug, name: "용량 컨소시엄", lead: org() }, ctx);
    const p = await createProposal(owner, { consortiumId: c.id }, ctx);
    const big = Buffer.concat([pdf(), Buffer.alloc(10 * 1024 * 1024 + 1, 0x20)]);
    expect(await errorCode(upload(owner, p.id, "PARTICIPATION_CONFIRMATION", big, "확약서.pdf"))).toBe("PAYLOAD_TOO_LARGE");
    expect(await db.attachment.count({ where: { proposalId: p.id } })).toBe(0);
    const fs = await import("node:fs/promises");
    const files = (await fs.readdir(process.env.UPLOAD_DIR!, { recursive: true, withFileTypes: true })).filter((d) => d.isFile());
    const known = new Set((await db.attachment.findMany({ select: { storageKey: true } })).map((x) => x.storageKey.split("/").pop()));
    expect(files.filter((f) => !known.has(f.name))).toEqual([]);
  });
});

describe("the cutoff (DESIGN §4) on an injected clock", () => {
  it("accepts at closesAt − 1 ms and refuses every write at closesAt, recording how late; what was saved stays", async () => {
    const call = await makeCall({ closesAt: new Date(Date.now() + 3600_000) });
    const r = await readyProposal(call.slug);
    const clock = fixedClock(new Date(call.closesAt.getTime() - 1));
    const restore = setClock(clock);
    try {
      const receipt = await submit(r.owner, r.proposalId);
      expect(receipt.submittedAt).toBe(new Date(call.closesAt.getTime() - 1).toISOString());
      const before = await proposalRows(r.proposalId);
      clock.set(call.closesAt);
      const attempts: [string, () => Promise<unknown>][] = [
        ["SUBMIT", () => submit(r.owner, r.proposalId)],
        ["DRAFT_SAVE", () => saveDraft(r.owner, r.proposalId, { draft: fullDraft(), expectedVersion: r.draftVersion }, ctx)],
        ["ATTACHMENT_UPLOAD", () => upload(r.owner, r.proposalId, "OTHER")],
        ["ATTACHMENT_REMOVE", () => removeAttachment(r.owner, r.proposalId, before.attachments[0]!.id, ctx)],
        ["WITHDRAW", () => withdrawProposal(r.owner, r.proposalId, ctx)],
      ];
      for (const [, attempt] of attempts) expect(await errorCode(attempt())).toBe("CALL_CLOSED");
      // Late by 2.3 s.
      clock.set(new Date(call.closesAt.getTime() + 2300));
      const e = await appError(submit(r.owner, r.proposalId));
      expect(e.message).toBe("late by 2.300 s");
      expect(await proposalRows(r.proposalId)).toEqual(before);
      // Even an invalid request after the cutoff is CALL_CLOSED (open before valid), and reading still works.
      expect(await errorCode(saveDraft(r.owner, r.proposalId, { draft: { models: [{ parameterCount: -1 }] }, expectedVersion: 1 }, ctx))).toBe("CALL_CLOSED");
      expect((await getProposal(r.owner, r.proposalId)).versions).toHaveLength(1);
      expect((await getProposalVersion(r.owner, r.proposalId, 1)).sha256).toBe(receipt.sha256);
    } finally {
      restore();
    }
    const late = await db.lateAttempt.findMany({ where: { proposalId: r.proposalId }, orderBy: { id: "asc" } });
    expect(late.map((l) => [l.action, l.lateByMs])).toEqual([
      ["SUBMIT", 0],
      ["DRAFT_SAVE", 0],
      ["ATTACHMENT_UPLOAD", 0],
      ["ATTACHMENT_REMOVE", 0],
      ["WITHDRAW", 0],
      ["SUBMIT", 2300],
      ["DRAFT_SAVE", 2300],
    ]);
    expect(late.every((l) => l.userId === r.owner.id && l.cutoff.getTime() === call.closesAt.getTime())).toBe(true);
  });

  it("an admin's extension moves only that consortium's cutoff, with the reason audited", async () => {
    const call = await makeCall({ closesAt: new Date(Date.now() + 3600_000) });
    const a = await readyProposal(call.slug);
    const b = await readyProposal(call.slug);
    const admin = await makeUser(["ADMIN"]);
    const input = { consortiumId: a.consortiumId, until: new Date(call.closesAt.getTime() + 3600_000).toISOString(), reason: "포털 장애로 15:40–15:55 업로드 불가 (장애 보고서 2025-07-21-01)" };
    expect(await errorCode(grantExtension(a.owner, input, ctx))).toBe("FORBIDDEN");
    expect(await errorCode(grantExtension(null, input, ctx))).toBe("UNAUTHENTICATED");
    expect((await appError(grantExtension(admin, { ...input, reason: "짧음" }, ctx))).fields).toEqual({ reason: "reasonTooShort" });
    expect((await appError(grantExtension(admin, { ...input, until: call.closesAt.toISOString() }, ctx))).fields).toEqual({ until: "extensionNotAfterCutoff" });
    await grantExtension(admin, input, ctx);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityType: "CONSORTIUM", entityId: a.consortiumId, action: "extension.granted" } });
    expect((audit.data as { reason: string }).reason).toBe(input.reason);
    const restore = setClock(fixedClock(new Date(call.closesAt.getTime() + 600_000)));
    try {
      expect((await submit(a.owner, a.proposalId)).versionNo).toBe(1);
      expect(await errorCode(submit(b.owner, b.proposalId))).toBe("CALL_CLOSED");
    } finally {
      restore();
    }
  });
});

describe("concurrent submits on PostgreSQL's clock near a real cutoff", () => {
  it("every receipt issued is in the database, none is at or after the cutoff, the rest are CALL_CLOSED", async () => {
    const call = await makeCall();
    const N = 12;
    const ready = [];
    for (let i = 0; i < N; i++) ready.push(await readyProposal(call.slug));
    // The cutoff is now 700 ms away; submits go out in waves that straddle it.
    const closesAt = new Date(Date.now() + 700);
    await db.call.update({ where: { id: call.id }, data: { closesAt } });
    const results = await Promise.all(
      ready.map(async (r, i) => {
        await new Promise((res) => setTimeout(res, (i % 6) * 250));
        try {
          return { ok: true as const, receipt: await submit(r.owner, r.proposalId, `rush-${i}-key`) };
        } catch (e) {
          return { ok: false as const, code: (e as { code?: string }).code };
        }
      }),
    );
    const receipts = results.flatMap((x) => (x.ok ? [x.receipt] : []));
    const refused = results.filter((x) => !x.ok);
    expect(receipts.length + refused.length).toBe(N);
    expect(receipts.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((x) => x.code === "CALL_CLOSED")).toBe(true);
    const rows = await db.proposalVersion.findMany({ where: { proposal: { callId: call.id } }, select: { receiptNo: true, sha256: true, submittedAt: true } });
    expect(rows.map((x) => x.receiptNo).sort()).toEqual(receipts.map((x) => x.receiptNo).sort());
    for (const row of rows) expect(row.submittedAt.getTime()).toBeLessThan(closesAt.getTime());
    for (const rc of receipts) expect(rows.find((x) => x.receiptNo === rc.receiptNo)?.sha256).toBe(rc.sha256);
    expect(await db.lateAttempt.count({ where: { callId: call.id, action: "SUBMIT" } })).toBe(refused.length);
  });
});
