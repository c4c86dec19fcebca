import { PassThrough, Readable } from "node:stream";
import { stringify } from "csv-stringify";
import ExcelJS from "exceljs";
import yazl from "yazl";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor, RequestContext } from "@/lib/auth/actor";
import { getFileStore } from "@/lib/storage";
import { exportItems, prepareExport, type ExportFilter, type ExportItem } from "./source";
import { neutralize, reviewsTable, SHEETS, type Cell, type Table } from "./tables";

// Streamed exports (issue 5): each writer pulls proposals page by page from `exportItems` and pushes
// bytes out as the client reads them, so memory stays flat as proposals grow. The audit row (who,
// filters, row count) is written when the stream has been read to the end.

export type ExportFormat = "csv" | "xlsx" | "json" | "zip";

export interface ExportStream {
  stream: Readable;
  fileName: string;
  contentType: string;
  /** Settles once the stream was read to the end and its audit row written. */
  audited: Promise<void>;
}

async function audit(actor: Actor, callId: string, format: string, filter: ExportFilter, rows: number, ctx: RequestContext, extra: Record<string, unknown> = {}) {
  await db.$transaction((tx) => recordAudit(tx, { entityType: "CALL", entityId: callId, action: "export.downloaded", actorId: actor.id, ip: ctx.ip, data: { format, filter, rows, ...extra } }));
}

/** Runs `onDone` once the consumer has read everything (not when it aborted). */
function auditedWhenRead(stream: Readable, onDone: () => Promise<void>): { stream: Readable; audited: Promise<void> } {
  const audited = new Promise<void>((resolve) => {
    stream.once("end", () => void onDone().catch((e: unknown) => console.error("export audit failed", e)).finally(resolve));
  });
  return { stream, audited };
}

const stamp = () => new Date().toISOString().slice(0, 10);

/** CSV: UTF-8 with a BOM (Excel reads Korean right), formula-looking cells neutralised; one table per file. */
export async function exportCsv(actor: Actor | null, input: unknown, tableKey: string, ctx: RequestContext): Promise<ExportStream> {
  const prep = await prepareExport(actor, input);
  const table = [...SHEETS, reviewsTable(prep.rubric)].find((t) => t.key === tableKey);
  if (!table) throw new AppError("VALIDATION_FAILED", { fields: { table: "tableInvalid" } });
  let rows = 0;
  async function* records() {
    for await (const item of exportItems(prep)) {
      rows++;
      for (const r of table!.rows(item)) yield r.map(neutralize);
    }
  }
  const csv = stringify({ bom: true, header: true, columns: table.headers, cast: { boolean: (b) => (b ? "예" : "아니오") } });
  Readable.from(records()).on("error", (e) => csv.destroy(e)).pipe(csv);
  return {
    ...auditedWhenRead(csv, () => audit(actor!, prep.call.id, `csv:${table.key}`, prep.filter, rows, ctx)),
    fileName: `${prep.call.slug}-${table.key}-${stamp()}.csv`,
    contentType: "text/csv; charset=utf-8",
  };
}

/** XLSX through exceljs's streaming writer: one sheet per table (each read in its own pass over the data). */
export async function exportXlsx(actor: Actor | null, input: unknown, ctx: RequestContext): Promise<ExportStream> {
  const prep = await prepareExport(actor, input);
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  wb.creator = "독자 AI 파운데이션 모델 접수 포털";
  let rows = 0;
  const tables: Table[] = [...SHEETS, reviewsTable(prep.rubric)];
  (async () => {
    for (const t of tables) {
      const ws = wb.addWorksheet(t.sheet, { views: [{ state: "frozen", ySplit: 1 }] });
      ws.columns = t.headers.map((h) => ({ header: h, width: Math.min(Math.max(h.length * 2 + 4, 12), 40) }));
      ws.getRow(1).font = { bold: true };
      ws.getRow(1).commit();
      for await (const item of exportItems(prep)) {
        if (t === tables[0]) rows++;
        for (const r of t.rows(item)) ws.addRow(r as Cell[]).commit();
        // Let the consumer drain before producing more.
        if (out.writableNeedDrain) await new Promise((res) => out.once("drain", res));
      }
      ws.commit();
    }
    await wb.commit();
  })().catch((e: unknown) => out.destroy(e as Error));
  return {
    ...auditedWhenRead(out, () => audit(actor!, prep.call.id, "xlsx", prep.filter, rows, ctx)),
    fileName: `${prep.call.slug}-proposals-${stamp()}.xlsx`,
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  };
}

function jsonItem(it: ExportItem) {
  return {
    proposalId: it.proposalId,
    receiptNo: it.receiptNo,
    versionNo: it.versionNo,
    status: it.status,
    submittedAt: it.submittedAt.toISOString(),
    sha256: it.sha256,
    document: it.document,
    reviews: it.reviews.map((r) => ({ ...r, submittedAt: r.submittedAt.toISOString() })),
    mean: it.mean,
    trimmedMean: it.trimmedMean,
  };
}

/** JSON: one array of proposals, each with its submitted document (models, organisations, attachments) and reviews. */
export async function exportJson(actor: Actor | null, input: unknown, ctx: RequestContext): Promise<ExportStream> {
  const prep = await prepareExport(actor, input);
  let rows = 0;
  async function* chunks() {
    yield "[";
    for await (const item of exportItems(prep)) {
      yield (rows++ ? ",\n" : "\n") + JSON.stringify(jsonItem(item));
    }
    yield rows ? "\n]\n" : "]\n";
  }
  return {
    ...auditedWhenRead(Readable.from(chunks()), () => audit(actor!, prep.call.id, "json", prep.filter, rows, ctx)),
    fileName: `${prep.call.slug}-proposals-${stamp()}.json`,
    contentType: "application/json; charset=utf-8",
  };
}

/** A name safe inside a ZIP path: no separators, no leading dots. */
function zipName(s: string) {
  return s.replace(/[\\/:*?"<>|\x00-\x1f]/g, "_").replace(/^\.+/, "_").slice(0, 200) || "_";
}

/**
 * Every attachment of the last submitted versions under <receiptNo>/<kind>/<file>, plus manifest.csv
 * with each file's SHA-256 (the same as in the receipts). Files are opened one at a time as the ZIP is written.
 */
export async function exportAttachmentsZip(actor: Actor | null, input: unknown, ctx: RequestContext): Promise<ExportStream> {
  const prep = await prepareExport(actor, input);
  const zip = new yazl.ZipFile();
  const store = getFileStore();
  const manifest: Cell[][] = [];
  let rows = 0;
  let files = 0;
  const addItems = async (items: ExportItem[]) => {
    const keys = new Map((await db.attachment.findMany({ where: { id: { in: items.flatMap((i) => i.document.attachments.map((a) => a.id)) } }, select: { id: true, storageKey: true } })).map((a) => [a.id, a.storageKey]));
    for (const item of items) {
      const used = new Set<string>();
      for (const a of item.document.attachments) {
        const key = keys.get(a.id);
        if (!key) continue;
        let path = `${zipName(item.receiptNo)}/${a.kind}/${zipName(a.fileName)}`;
        for (let n = 2; used.has(path); n++) path = `${zipName(item.receiptNo)}/${a.kind}/${n}-${zipName(a.fileName)}`;
        used.add(path);
        // Stored, not deflated: PDF, HWP(X), DOCX and XLSX are compressed already.
        zip.addReadStreamLazy(path, { size: a.size, mtime: item.submittedAt, compress: false }, (cb) => cb(null, store.read(key) as Readable));
        manifest.push([item.receiptNo, a.kind, path, a.fileName, a.size, a.sha256].map(neutralize));
        files++;
      }
    }
  };
  (async () => {
    let batch: ExportItem[] = [];
    for await (const item of exportItems(prep)) {
      rows++;
      batch.push(item);
      if (batch.length === 200) {
        await addItems(batch);
        batch = [];
      }
    }
    await addItems(batch);
    const csv = stringify([["접수번호", "종류", "경로", "파일명", "크기 (바이트)", "SHA-256"], ...manifest], { bom: true });
    zip.addReadStream(csv, "manifest.csv");
    zip.end();
  })().catch((e: unknown) => (zip.outputStream as PassThrough).destroy(e as Error));
  const out = zip.outputStream as unknown as Readable;
  return {
    ...auditedWhenRead(out, () => audit(actor!, prep.call.id, "zip", prep.filter, rows, ctx, { files })),
    fileName: `${prep.call.slug}-attachments-${stamp()}.zip`,
    contentType: "application/zip",
  };
}
