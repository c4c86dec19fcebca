import crypto from "node:crypto";
import type { Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import yauzl from "yauzl";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { canonicalSha256 } from "@/lib/audit/hash";
import { submitProposal } from "@/lib/proposals/submit-proposal";
import { withdrawProposal } from "@/lib/proposals/withdraw-proposal";
import { assignReviewer } from "@/lib/reviews/assign";
import { saveReview, signDeclaration } from "@/lib/reviews/reviewer";
import { exportAttachmentsZip, exportCsv, exportJson, exportXlsx } from "@/lib/exports/write";
import { PROGRAM_RUBRIC } from "@/lib/calls/program";
import { ctx, makeUser } from "../support/factories";
import { appError, errorCode } from "../support/expect-error";
import { makeCall, readyProposal } from "../support/apply";

async function read(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}
const sha256 = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

function unzip(buf: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on("entry", (e: yauzl.Entry) =>
        zip.openReadStream(e, (err2, s) => {
          if (err2 || !s) return reject(err2);
          read(s).then((b) => {
            out.set(e.fileName, b);
            zip.readEntry();
          }, reject);
        }),
      );
      zip.on("end", () => resolve(out));
      zip.readEntry();
    });
  });
}

let callId: string;
let admin: Awaited<ReturnType<typeof makeUser>>;
const EVIL = "=HYPERLINK(\"http://evil.example\",\"click\")";

beforeAll(async () => {
  const call = await makeCall({ closesAt: new Date(Date.now() + 3600_000) });
  callId = call.id;
  await db.call.update({ where: { id: callId }, data: { rubric: PROGRAM_RUBRIC as never } });
  const ps = [await readyProposal(call.slug), await readyProposal(call.slug), await readyProposal(call.slug)];
  await db.consortium.update({ where: { id: ps[0]!.consortiumId }, data: { name: EVIL } });
  for (const p of ps) await submitProposal(p.owner, p.proposalId, { body: {}, idempotencyKey: null }, ctx);
  await withdrawProposal(ps[2]!.owner, ps[2]!.proposalId, ctx);
  await db.call.update({ where: { id: callId }, data: { closesAt: new Date(Date.now() - 1000) } });
  admin = await makeUser(["ADMIN"]);
  const reviewer = await makeUser(["REVIEWER"], { email: `r-${crypto.randomBytes(3).toString("hex")}@kaist.ac.kr` });
  const a = await assignReviewer(admin, { proposalId: ps[0]!.proposalId, reviewerId: reviewer.id }, ctx);
  await signDeclaration(reviewer, a.id, { noConflict: true, confidentiality: true }, ctx);
  await saveReview(reviewer, a.id, { scores: { independence: 24, technical: 20, consortium: 12, compute_data: 12, ecosystem: 12 }, comment: "충분히 구체적인 의견입니다.", submit: true }, ctx);
});

async function versionsInDb() {
  return db.proposalVersion.findMany({ where: { proposal: { callId } }, select: { receiptNo: true, sha256: true, proposal: { select: { status: true } } } });
}

describe("exports round-trip against the database", () => {
  it("CSV: UTF-8 with BOM, Korean headers, one row per proposal, formula cells neutralised; audited with its row count", async () => {
    const out = await exportCsv(admin, { callId }, "proposals", ctx);
    const buf = await read(out.stream);
    await out.audited;
    expect(buf.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    const rows = parse(buf, { bom: true, columns: true }) as Record<string, string>[];
    const stored = await versionsInDb();
    expect(rows.map((r) => r["접수번호"]).sort()).toEqual(stored.map((v) => v.receiptNo).sort());
    for (const r of rows) expect(r["SHA-256"]).toBe(stored.find((v) => v.receiptNo === r["접수번호"])!.sha256);
    expect(rows.map((r) => r["상태"]).sort()).toEqual(["제출", "제출", "철회"]);
    expect(rows.find((r) => r["컨소시엄"]!.includes("HYPERLINK"))!["컨소시엄"]).toBe(`'${EVIL}`);
    expect(rows.find((r) => r["컨소시엄"]!.includes("HYPERLINK"))!["절사평균 점수"]).toBe("80");
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityType: "CALL", entityId: callId, action: "export.downloaded" }, orderBy: { id: "desc" } });
    expect(audit.data).toMatchObject({ format: "csv:proposals", rows: 3, filter: { callId } });
    expect(audit.actorId).toBe(admin.id);
  });

  it("filters: status, approach and a search that matches nothing (a valid file with headers only)", async () => {
    const withdrawn = parse(await read((await exportCsv(admin, { callId, status: "WITHDRAWN" }, "proposals", ctx)).stream), { bom: true, columns: true });
    expect(withdrawn).toHaveLength(1);
    expect(parse(await read((await exportCsv(admin, { callId, approach: "SCRATCH_ONLY" }, "proposals", ctx)).stream), { bom: true, columns: true })).toHaveLength(0);
    const none = await read((await exportCsv(admin, { callId, q: "없는 이름" }, "models", ctx)).stream);
    expect(parse(none, { bom: true })).toEqual([["접수번호", "순번", "모델명", "파라미터 수", "아키텍처", "개발 방식", "기반 모델", "기반 모델 개발사", "기반 모델 국가", "기반 모델 라이선스", "자체 토크나이저", "사전학습 토큰 수", "GPU 시간", "학습 데이터 출처", "오픈소스 공개 계획"]]);
    expect(JSON.parse((await read((await exportJson(admin, { callId, q: "없는 이름" }, ctx)).stream)).toString())).toEqual([]);
    expect((await appError(exportCsv(admin, { callId, status: "DRAFT" }, "proposals", ctx))).code).toBe("VALIDATION_FAILED");
  });

  it("XLSX: five sheets with Korean headers; the reviews sheet has one row per reviewer × criterion plus the weighted total", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await read((await exportXlsx(admin, { callId }, ctx)).stream)) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["제안서", "모델", "참여기관", "첨부파일", "심사"]);
    const sheet = wb.getWorksheet("제안서")!;
    expect(sheet.getRow(1).getCell(1).value).toBe("접수번호");
    expect(sheet.rowCount).toBe(4);
    const budgets = [2, 3, 4].map((r) => sheet.getRow(r).getCell(13).value);
    expect(budgets).toEqual([30_000_000_000, 30_000_000_000, 30_000_000_000]);
    expect(wb.getWorksheet("모델")!.rowCount).toBe(1 + 3 * 2);
    const reviews = wb.getWorksheet("심사")!;
    expect(reviews.rowCount).toBe(1 + PROGRAM_RUBRIC.length + 1);
    expect(reviews.getRow(1 + PROGRAM_RUBRIC.length + 1).getCell(4).value).toBe("가중 합계");
    expect(reviews.getRow(1 + PROGRAM_RUBRIC.length + 1).getCell(8).value).toBe(80);
  });

  it("JSON: each document hashes (RFC 8785) to its receipt's SHA-256", async () => {
    const items = JSON.parse((await read((await exportJson(admin, { callId }, ctx)).stream)).toString()) as { sha256: string; document: unknown; receiptNo: string }[];
    expect(items).toHaveLength(3);
    for (const it of items) expect(canonicalSha256(it.document)).toBe(it.sha256);
  });

  it("ZIP: <receiptNo>/<kind>/<file> with a manifest whose SHA-256s match the files and the receipts", async () => {
    const files = await unzip(await read((await exportAttachmentsZip(admin, { callId }, ctx)).stream));
    const manifest = parse(files.get("manifest.csv")!, { bom: true, columns: true }) as Record<string, string>[];
    expect(manifest).toHaveLength(6);
    for (const m of manifest) {
      const body = files.get(m["경로"]!)!;
      expect(m["경로"]).toMatch(new RegExp(`^${m["접수번호"]}/(BUSINESS_PLAN|CONSORTIUM_AGREEMENT)/`));
      expect(sha256(body)).toBe(m["SHA-256"]);
    }
    const versions = await db.proposalVersion.findMany({ where: { proposal: { callId } }, select: { document: true } });
    const receiptHashes = versions.flatMap((v) => (v.document as { attachments: { sha256: string }[] }).attachments.map((a) => a.sha256)).sort();
    expect(manifest.map((m) => m["SHA-256"]).sort()).toEqual(receiptHashes);
  });
});

describe("exports: permission matrix", () => {
  it("only admins; anonymous is 401; nothing is audited for a refusal", async () => {
    const applicant = await makeUser(["APPLICANT"]);
    const reviewer = await makeUser(["REVIEWER"]);
    const before = await db.auditEvent.count({ where: { action: "export.downloaded" } });
    for (const who of [applicant, reviewer]) {
      expect(await errorCode(exportCsv(who, { callId }, "proposals", ctx))).toBe("FORBIDDEN");
      expect(await errorCode(exportXlsx(who, { callId }, ctx))).toBe("FORBIDDEN");
      expect(await errorCode(exportJson(who, { callId }, ctx))).toBe("FORBIDDEN");
      expect(await errorCode(exportAttachmentsZip(who, { callId }, ctx))).toBe("FORBIDDEN");
    }
    expect(await errorCode(exportJson(null, { callId }, ctx))).toBe("UNAUTHENTICATED");
    expect(await db.auditEvent.count({ where: { action: "export.downloaded" } })).toBe(before);
  });
});
