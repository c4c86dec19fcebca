// Issue 12 item 8: a call's 공고문 and 서식 (uploaded by admins, public to download), its 문의처, and the
// home page's order of calls.
import crypto from "node:crypto";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { compareCallsForListing, listCalls } from "@/lib/calls";
import { updateCall, createCall } from "@/lib/calls/admin-calls";
import { uploadCallDocument } from "@/lib/calls/upload-call-document";
import { removeCallDocument } from "@/lib/calls/remove-call-document";
import { listCallDocuments } from "@/lib/calls/list-call-documents";
import { openCallDocument } from "@/lib/calls/open-call-document";
import { errorResponse } from "@/lib/http/route";
import { fixedClock, setClock } from "@/lib/time/clock";
import { PROGRAM_CALL_SLUG, PROGRAM_RUBRIC } from "@/lib/calls/program";
import { seed } from "@/lib/db/seed";
import { receiveUpload } from "@/lib/storage/multipart";
import type { Actor } from "@/lib/auth/actor";
import { ctx, makeUser } from "../support/factories";
import { appError, errorCode } from "../support/expect-error";
import { makeCall } from "../support/apply";
import { docx, exe, hwpx, pdf } from "../support/files";

const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");
const filesIn = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).length : 0);

function uploadDoc(actor: Actor | null, callId: string, kind: string, bytes: Buffer, fileName: string, title?: string) {
  const form = new FormData();
  if (title !== undefined) form.append("title", title);
  form.append("file", new Blob([new Uint8Array(bytes)], { type: "application/octet-stream" }), fileName);
  const req = new Request("http://portal.test/api/v1/admin/calls/x/documents", { method: "POST", body: form });
  return uploadCallDocument(actor, callId, kind, (maxBytes) => receiveUpload(req, { maxBytes, fields: ["title"] }), ctx);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

/** The API's answer to an error, in Korean, as a client would read it. */
async function koreanAnswer(e: unknown) {
  const res = errorResponse(e, "ko");
  return { status: res.status, body: (await res.json()) as { error: { code: string; message: string; fields?: Record<string, string> } } };
}

describe("call documents (공고문·서식)", () => {
  it("an admin uploads a PDF announcement and an HWPX form; anyone downloads the same bytes; delete is audited and removes the file", async () => {
    const admin = await makeUser(["ADMIN"]);
    const call = await makeCall();
    const announcement = pdf("공고문");
    const form = await hwpx();

    const a = await uploadDoc(admin, call.id, "ANNOUNCEMENT", announcement, "2025년 독자AI 공고문.pdf", "  사업 공고문 ");
    const f = await uploadDoc(admin, call.id, "FORM", form, "신청서 서식.hwpx");
    expect(a).toMatchObject({ kind: "ANNOUNCEMENT", title: "사업 공고문", fileName: "2025년 독자AI 공고문.pdf", type: "PDF", mediaType: "application/pdf", size: announcement.length, sha256: sha(announcement) });
    // No title given: the file name without its extension.
    expect(f).toMatchObject({ kind: "FORM", title: "신청서 서식", type: "HWPX", mediaType: "application/hwp+zip", size: form.length, sha256: sha(form) });
    expect(JSON.stringify(a)).not.toContain("storageKey");

    // Listed 공고문 first, then 서식; public download by slug gives the very bytes.
    expect((await listCallDocuments(call.id)).map((d) => [d.kind, d.title])).toEqual([
      ["ANNOUNCEMENT", "사업 공고문"],
      ["FORM", "신청서 서식"],
    ]);
    const opened = await openCallDocument(call.slug, f.id);
    expect(opened).toMatchObject({ fileName: "신청서 서식.hwpx", mediaType: "application/hwp+zip", size: form.length, sha256: sha(form) });
    expect(sha(await readAll(opened.stream))).toBe(sha(form));
    // Another call's slug, a malformed id, an unknown id: not found.
    const other = await makeCall();
    expect(await errorCode(openCallDocument(other.slug, f.id))).toBe("NOT_FOUND");
    expect(await errorCode(openCallDocument(call.slug, "nope"))).toBe("NOT_FOUND");
    expect(await errorCode(openCallDocument(call.slug, crypto.randomUUID()))).toBe("NOT_FOUND");

    const key = (await db.callDocument.findUniqueOrThrow({ where: { id: f.id } })).storageKey;
    const store = (await import("@/lib/storage")).getFileStore();
    expect(fs.existsSync(store.pathOf(key))).toBe(true);
    await removeCallDocument(admin, call.id, f.id, ctx);
    expect(fs.existsSync(store.pathOf(key))).toBe(false);
    expect(await db.callDocument.count({ where: { id: f.id } })).toBe(0);
    expect(await errorCode(openCallDocument(call.slug, f.id))).toBe("NOT_FOUND");
    expect(await errorCode(removeCallDocument(admin, call.id, f.id, ctx))).toBe("NOT_FOUND");
    // The document of another call cannot be deleted through this one.
    expect(await errorCode(removeCallDocument(admin, other.id, a.id, ctx))).toBe("NOT_FOUND");

    const events = await db.auditEvent.findMany({ where: { entityType: "CALL", entityId: call.id }, orderBy: { seq: "asc" } });
    expect(events.map((e) => [e.action, e.actorId, (e.data as { documentId: string }).documentId])).toEqual([
      ["call.document_uploaded", admin.id, a.id],
      ["call.document_uploaded", admin.id, f.id],
      ["call.document_removed", admin.id, f.id],
    ]);
    expect(events[1]!.data).toMatchObject({ kind: "FORM", fileName: "신청서 서식.hwpx", sha256: sha(form), size: form.length });
    expect(events[2]!.ip).toBe(ctx.ip);
  });

  it("applicants and reviewers are refused (403) and anonymous callers must sign in (401), before a byte is stored", async () => {
    const admin = await makeUser(["ADMIN"]);
    const applicant = await makeUser(["APPLICANT"]);
    const reviewer = await makeUser(["REVIEWER"]);
    const call = await makeCall();
    const before = filesIn(process.env.UPLOAD_DIR!);
    expect(await errorCode(uploadDoc(applicant, call.id, "ANNOUNCEMENT", pdf(), "a.pdf"))).toBe("FORBIDDEN");
    expect(await errorCode(uploadDoc(reviewer, call.id, "FORM", pdf(), "a.pdf"))).toBe("FORBIDDEN");
    expect(await errorCode(uploadDoc(null, call.id, "FORM", pdf(), "a.pdf"))).toBe("UNAUTHENTICATED");
    expect(filesIn(process.env.UPLOAD_DIR!)).toBe(before);
    const d = await uploadDoc(admin, call.id, "FORM", pdf(), "서식.pdf");
    expect(await errorCode(removeCallDocument(applicant, call.id, d.id, ctx))).toBe("FORBIDDEN");
    expect(await errorCode(removeCallDocument(reviewer, call.id, d.id, ctx))).toBe("FORBIDDEN");
    expect(await errorCode(removeCallDocument(null, call.id, d.id, ctx))).toBe("UNAUTHENTICATED");
    expect(await db.callDocument.count({ where: { callId: call.id } })).toBe(1);
    // A bad kind or an unknown call is refused before the body is read.
    expect((await appError(uploadDoc(admin, call.id, "MANUAL", pdf(), "a.pdf"))).fields).toEqual({ kind: "callDocumentKindInvalid" });
    expect(await errorCode(uploadDoc(admin, crypto.randomUUID(), "FORM", pdf(), "a.pdf"))).toBe("CALL_NOT_FOUND");
  });

  it("refuses a DOCX and an EXE renamed .pdf with a Korean message, storing nothing", async () => {
    const admin = await makeUser(["ADMIN"]);
    const call = await makeCall();
    const before = filesIn(process.env.UPLOAD_DIR!);

    const word = await koreanAnswer(await appError(uploadDoc(admin, call.id, "FORM", await docx(), "서식.docx")));
    expect(word.status).toBe(422);
    expect(word.body.error.fields?.file).toBe("공고문·서식은 HWP, HWPX, PDF 파일만 올릴 수 있습니다 (파일 내용으로 형식을 확인합니다).");

    const program = await koreanAnswer(await appError(uploadDoc(admin, call.id, "ANNOUNCEMENT", exe(), "공고문.pdf")));
    expect(program.status).toBe(415);
    expect(program.body.error.fields?.file).toBe("공고문·서식은 HWP, HWPX, PDF 파일만 올릴 수 있습니다 (파일 내용으로 형식을 확인합니다).");

    // A real PDF named .hwp: the extension must match the content.
    const renamed = await koreanAnswer(await appError(uploadDoc(admin, call.id, "FORM", pdf(), "서식.hwp")));
    expect(renamed.body.error.fields?.file).toBe("파일 확장자가 실제 파일 형식과 다릅니다.");

    expect(await db.callDocument.count({ where: { callId: call.id } })).toBe(0);
    expect(filesIn(process.env.UPLOAD_DIR!)).toBe(before);
    expect(await db.auditEvent.count({ where: { entityType: "CALL", entityId: call.id } })).toBe(0);
  });
});

describe("문의처 on a call", () => {
  const input = () => ({
    slug: `contact-${crypto.randomBytes(4).toString("hex")}`,
    titleKo: "문의처 시험 공고",
    titleEn: "Contact test call",
    ministryKo: "과학기술정보통신부",
    ministryEn: "MSIT",
    totalBudget: 1_000_000_000,
    opensAt: "2025-08-01T00:00:00+09:00",
    closesAt: "2025-08-29T16:00:00+09:00",
    rubric: PROGRAM_RUBRIC,
  });

  it("is optional, validated, stored, shown publicly and audited when changed", async () => {
    const admin = await makeUser(["ADMIN"]);
    const plain = await createCall(admin, input(), ctx);
    expect(plain).toMatchObject({ contactDepartment: null, contactPhone: null, contactEmail: null });
    const bad = await appError(createCall(admin, { ...input(), contactPhone: "call me 010", contactEmail: "not-an-address" }, ctx));
    expect(bad.fields).toEqual({ contactPhone: "phoneInvalid", contactEmail: "emailInvalid" });

    const c = await createCall(admin, { ...input(), contactDepartment: " 인공지능기반정책과 ", contactPhone: "(044) 202-6000", contactEmail: "AI-Policy@Example.go.kr" }, ctx);
    expect(c).toMatchObject({ contactDepartment: "인공지능기반정책과", contactPhone: "(044) 202-6000", contactEmail: "ai-policy@example.go.kr" });
    const u = await updateCall(admin, c.id, { contactPhone: "044-202-6001", contactEmail: "" }, ctx);
    expect(u).toMatchObject({ contactDepartment: "인공지능기반정책과", contactPhone: "044-202-6001", contactEmail: null });
    const last = await db.auditEvent.findFirstOrThrow({ where: { entityType: "CALL", entityId: c.id }, orderBy: { seq: "desc" } });
    expect(last.data).toMatchObject({ before: { contactPhone: "(044) 202-6000", contactEmail: "ai-policy@example.go.kr" }, after: { contactPhone: "044-202-6001", contactEmail: null } });
    expect((await appError(updateCall(admin, c.id, { contactPhone: "12-34" }, ctx))).fields).toEqual({ contactPhone: "phoneInvalid" });
  });
});

describe("the seeded program call's 문의처", () => {
  it("is a placeholder department only (no made-up phone or e-mail), marked as such in the seed's audit row", async () => {
    await seed({ demo: false });
    const c = await db.call.findUniqueOrThrow({ where: { slug: PROGRAM_CALL_SLUG } });
    expect(c).toMatchObject({ contactDepartment: "과학기술정보통신부 인공지능기반정책과", contactPhone: null, contactEmail: null });
    const created = await db.auditEvent.findFirstOrThrow({ where: { entityType: "CALL", entityId: c.id, action: "call.created" } });
    expect(created.data).toMatchObject({ by: "seed", placeholders: ["contactDepartment"] });
  });
});

describe("the home page's order of calls", () => {
  it("lists open calls first, then upcoming, then closed; real before demo within each; judged at the injected clock", async () => {
    await db.callDocument.deleteMany({});
    const at = new Date("2030-03-01T03:00:00.000Z");
    const day = 86_400_000;
    const mk = async (name: string, opensIn: number, closesIn: number, isDemo = false) => {
      const c = await makeCall({ opensAt: new Date(at.getTime() + opensIn * day), closesAt: new Date(at.getTime() + closesIn * day) });
      if (isDemo) await db.call.update({ where: { id: c.id }, data: { isDemo } });
      return [c.slug, name] as const;
    };
    const names = new Map([
      await mk("closed long ago", -90, -60),
      await mk("open, demo", -1, 3, true),
      await mk("upcoming later", 20, 50),
      await mk("closed yesterday", -30, -1),
      await mk("open, closes in 10 days", -5, 10),
      await mk("upcoming soon", 2, 30),
      await mk("open, closes in 2 days", -5, 2),
      await mk("upcoming, demo", 1, 30, true),
      await mk("closed, demo", -10, -2, true),
    ]);
    const restore = setClock(fixedClock(at));
    let listed;
    try {
      listed = (await listCalls()).filter((c) => names.has(c.slug));
    } finally {
      restore();
    }
    expect(listed.map((c) => [names.get(c.slug), c.state])).toEqual([
      ["open, closes in 2 days", "OPEN"],
      ["open, closes in 10 days", "OPEN"],
      ["open, demo", "OPEN"],
      ["upcoming soon", "UPCOMING"],
      ["upcoming later", "UPCOMING"],
      ["upcoming, demo", "UPCOMING"],
      ["closed yesterday", "CLOSED"],
      ["closed long ago", "CLOSED"],
      ["closed, demo", "CLOSED"],
    ]);
    // Two days and a minute later: one call has closed (now the most recently closed), two have opened.
    const restore2 = setClock(fixedClock(new Date(at.getTime() + 2 * day + 60_000)));
    try {
      const later = (await listCalls()).filter((c) => names.has(c.slug));
      expect(later.map((c) => names.get(c.slug))).toEqual([
        "open, closes in 10 days",
        "upcoming soon",
        "open, demo",
        "upcoming, demo", // opened a day ago: open, a demo
        "upcoming later",
        "open, closes in 2 days",
        "closed yesterday",
        "closed long ago",
        "closed, demo",
      ]);
      expect([...later].sort(compareCallsForListing)).toEqual(later);
    } finally {
      restore2();
    }
  });
});
