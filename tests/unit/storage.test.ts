import crypto, { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import CFB from "cfb";
import { AppError } from "@/lib/errors";
import { extensionMatches, sanitizeFileName } from "@/lib/storage/file-name";
import { detectFileType, MEDIA_TYPES, type DetectedType } from "@/lib/storage/file-type";
import { getFileStore } from "@/lib/storage";
import { CONTENT_PROBLEMS, inspectContent, scriptDoesSomething, ZIP_LIMITS } from "@/lib/storage/inspect";
import { fieldMessage } from "@/lib/i18n";
import { errorResponse } from "@/lib/http/route";
import ko from "@/lib/i18n/messages/ko";
import en from "@/lib/i18n/messages/en";
import { receiveUpload } from "@/lib/storage/multipart";
import * as fx from "../support/files";

const uploadDir = mkdtempSync(path.join(os.tmpdir(), "portal-uploads-"));
process.env.UPLOAD_DIR = uploadDir;
const scratch = mkdtempSync(path.join(os.tmpdir(), "portal-fixtures-"));

afterAll(async () => {
  await rm(uploadDir, { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
});

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** Every regular file under dir (partial uploads included), relative paths. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return [];
    throw e;
  });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

async function detect(bytes: Buffer): Promise<DetectedType | null> {
  const p = path.join(scratch, `f-${Math.random().toString(36).slice(2)}`);
  await writeFile(p, bytes);
  return detectFileType(p);
}

/** The AppError a promise rejects with (fails the test when it resolves or rejects otherwise). */
async function appError(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

function syncAppError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error("expected an AppError");
}

describe("detectFileType", () => {
  it("recognises each accepted format by content", async () => {
    expect(await detect(fx.pdf())).toBe("PDF");
    expect(await detect(await fx.docx())).toBe("DOCX");
    expect(await detect(await fx.xlsx())).toBe("XLSX");
    expect(await detect(await fx.hwpx())).toBe("HWPX");
    expect(await detect(fx.hwp())).toBe("HWP");
  });

  it("reads HWP FileHeader in large compound files (DIFAT) and agrees with the cfb library", async () => {
    const big = fx.hwp({ bigBinData: 8 << 20 });
    // More than 109 FAT sectors means the FAT locations continue in DIFAT sectors.
    expect(big.readUInt32LE(72)).toBeGreaterThan(0);
    const parsed = CFB.read(big, { type: "buffer" });
    expect(Buffer.from(CFB.find(parsed, "FileHeader")!.content).subarray(0, 17).toString("latin1")).toBe("HWP Document File");
    expect(await detect(big)).toBe("HWP");
  });

  it("recognises HWPX by either its mimetype entry or Contents/content.hpf", async () => {
    expect(await detect(await fx.zip({ mimetype: "application/hwp+zip", "Contents/section0.xml": "<x/>" }, ["mimetype"]))).toBe("HWPX");
    expect(await detect(await fx.zip({ "Contents/content.hpf": "<opf/>" }))).toBe("HWPX");
    expect(await detect(await fx.zip({ mimetype: "application/epub+zip", "OEBPS/content.opf": "<x/>" }, ["mimetype"]))).toBeNull();
  });

  it("refuses executables, text, OLE2 files that are not HWP and PDFs without a proper start or end", async () => {
    expect(await detect(fx.exe())).toBeNull(); // "MZ" renamed to .pdf
    expect(await detect(Buffer.concat([Buffer.from("\x7fELF\x02\x01\x01"), Buffer.alloc(100)]))).toBeNull();
    expect(await detect(Buffer.from("just some text, not a document\n"))).toBeNull();
    expect(await detect(Buffer.alloc(0))).toBeNull();
    expect(await detect(fx.doc())).toBeNull();
    expect(await detect(fx.cfbWrongSignature())).toBeNull();
    expect(await detect(fx.polyglot())).toBeNull(); // MZ first, %PDF- later
    const p = fx.pdf();
    expect(await detect(p.subarray(0, p.length - 200))).toBeNull(); // truncated: no %%EOF at the end
    expect(await detect(Buffer.concat([Buffer.from("\ufeff\r\n", "utf8"), p]))).toBe("PDF"); // BOM/whitespace tolerated
  });

  it("refuses zips that are not one of the accepted packages, or are encrypted, corrupt or macro-bearing", async () => {
    expect(await detect(await fx.zip({ "readme.txt": "hi" }))).toBeNull();
    expect(await detect(await fx.zip({ "word/document.xml": "<x/>" }))).toBeNull(); // no [Content_Types].xml
    expect(await detect(await fx.zip({ ...fx.docxEntries(), ...fx.xlsxEntries() }))).toBeNull(); // two formats at once
    // A macro-bearing DOCX is still a DOCX; the inspection refuses it, naming the part (below).
    expect(await detect(await fx.zip({ ...fx.docxEntries(), "word/vbaProject.bin": Buffer.alloc(64) }))).toBe("DOCX");
    const docx = await fx.docx();
    expect(await detect(docx.subarray(0, docx.length - 30))).toBeNull(); // central directory cut off
    const encrypted = fx.rawZip(Object.entries(fx.docxEntries()).map(([n, c]) => ({ ...fx.rawEntry(n, c), flags: 1 })));
    expect(await detect(encrypted)).toBeNull();
    expect(await detect(fx.rawZip(Object.entries(fx.docxEntries()).map(([n, c]) => fx.rawEntry(n, c))))).toBe("DOCX"); // same writer, no flag
    // An archive appended to an executable (self-extractor) is not a document.
    expect(await detect(Buffer.concat([fx.exe(), docx]))).toBeNull();
  });

  it("never inflates large entries: a 1 GiB zip bomb is classified from the central directory alone", async () => {
    const entries = Object.entries(fx.xlsxEntries()).map(([n, c]) => fx.rawEntry(n, c));
    const bomb = fx.rawZip([...entries.filter((e) => e.name !== "xl/worksheets/sheet1.xml"), fx.zeroBombEntry("xl/worksheets/sheet1.xml", 1024)]);
    expect(bomb.length).toBeLessThan(2 << 20);
    expect(await detect(bomb)).toBe("XLSX");
    // Deterministic proof that the big entry is never read: its deflate stream is garbage, so any attempt
    // to inflate it would fail the detection; declared 1 GiB, it is classified from its name.
    const garbage = { name: "xl/worksheets/sheet1.xml", data: Buffer.alloc(64, 0xff), method: 8 as const, crc: 0, size: 1 << 30 };
    expect(await detect(fx.rawZip([...entries.filter((e) => e.name !== "xl/worksheets/sheet1.xml"), garbage]))).toBe("XLSX");

    // A bomb posing as HWPX's mimetype is not read either, so nothing marks the archive as HWPX.
    expect(await detect(fx.rawZip([fx.zeroBombEntry("mimetype", 1024), fx.rawEntry("Contents/section0.xml", "<x/>")]))).toBeNull();

    // A mimetype that declares 19 bytes but inflates to 256 KiB more makes the archive unreadable, not HWPX.
    const liar = { ...fx.rawEntry("mimetype", Buffer.concat([Buffer.from("application/hwp+zip"), Buffer.alloc(256 << 10)])), size: 19 };
    expect(liar.data.length).toBeLessThan(1024);
    expect(await detect(fx.rawZip([liar, fx.rawEntry("Contents/section0.xml", "<x/>")]))).toBeNull();
  });

  it("survives corrupted containers: no throw, no hang, no leaked descriptors", async () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const bases = [fx.hwp(), fx.doc(), await fx.docx(), await fx.hwpx(), fx.pdf(), fx.rawZip([fx.zeroBombEntry("mimetype", 4), fx.rawEntry("Contents/content.hpf", "x")])];
    const fds = async () => (await readdir("/proc/self/fd").catch(() => [])).length;
    const before = await fds();
    for (let i = 0; i < 300; i++) {
      const b = Buffer.from(bases[i % bases.length]!);
      for (let k = 1 + Math.floor(rnd() * 8); k > 0; k--) {
        // Headers and directories sit near the start (CFB, PDF) or the end (zip central directory).
        const pos = rnd() < 0.5 ? Math.floor(rnd() * Math.min(b.length, 1024)) : b.length - 1 - Math.floor(rnd() * Math.min(b.length, 1024));
        b[pos] = Math.floor(rnd() * 256);
      }
      const r = await detect(b);
      expect([null, "PDF", "HWP", "HWPX", "DOCX", "XLSX"]).toContain(r);
    }
    expect(await fds()).toBeLessThanOrEqual(before);
  });

  it("names a media type for each detected type", () => {
    expect(MEDIA_TYPES.PDF).toBe("application/pdf");
    expect(MEDIA_TYPES.HWP).toBe("application/x-hwp");
    expect(MEDIA_TYPES.HWPX).toBe("application/hwp+zip");
    expect(MEDIA_TYPES.DOCX).toMatch(/wordprocessingml\.document$/);
    expect(MEDIA_TYPES.XLSX).toMatch(/spreadsheetml\.sheet$/);
  });
});

describe("sanitizeFileName", () => {
  it("keeps Korean names, NFC-normalised", () => {
    expect(sanitizeFileName("사업계획서_최종.pdf")).toBe("사업계획서_최종.pdf");
    const decomposed = "사업계획서.hwp".normalize("NFD");
    expect(decomposed).not.toBe("사업계획서.hwp");
    expect(sanitizeFileName(decomposed)).toBe("사업계획서.hwp");
    expect(sanitizeFileName("  예산 (v2).xlsx ")).toBe("예산 (v2).xlsx");
  });

  it("refuses paths, dot names, control and bidi characters", () => {
    for (const bad of ["../../etc/passwd", "a/b.pdf", "C:\\x.pdf", "..\\x.pdf", ".", "..", "", "   ", "a\u0000.pdf", "a\n.pdf", "a\u007f.pdf", "a\u0085.pdf", "계획서\u202Efdp.exe"]) {
      const e = syncAppError(() => sanitizeFileName(bad));
      expect(e.code, JSON.stringify(bad)).toBe("VALIDATION_FAILED");
      expect(e.fields).toEqual({ file: "fileNameInvalid" });
    }
  });

  it("shortens over-long names in the stem, keeping the extension, within 200 characters and 255 bytes", () => {
    const ascii = sanitizeFileName(`${"a".repeat(300)}.pdf`);
    expect(ascii).toBe(`${"a".repeat(196)}.pdf`);
    const korean = sanitizeFileName(`${"가".repeat(150)}.hwpx`);
    expect(Buffer.byteLength(korean)).toBeLessThanOrEqual(255);
    expect(korean.endsWith(".hwpx")).toBe(true);
    expect(korean).toBe(`${"가".repeat(83)}.hwpx`);
    const emoji = sanitizeFileName(`${"👩‍💻".repeat(40)}.pdf`); // 11 UTF-8 bytes per grapheme
    expect(emoji).toBe(`${"👩‍💻".repeat(22)}.pdf`);
  });

  it("matches extensions case-insensitively against the detected type", () => {
    expect(extensionMatches("계획서.PDF", "PDF")).toBe(true);
    expect(extensionMatches("a.hwpx", "HWPX")).toBe(true);
    expect(extensionMatches("a.hwp", "HWPX")).toBe(false);
    expect(extensionMatches("a.pdf.exe", "PDF")).toBe(false);
    expect(extensionMatches("pdf", "PDF")).toBe(false);
    expect(extensionMatches(".pdf", "PDF")).toBe(false);
  });
});

describe("FileStore (local disk)", () => {
  beforeEach(async () => {
    await rm(uploadDir, { recursive: true, force: true });
  });

  it("streams into a server-named object, hashing as it goes", async () => {
    const store = getFileStore();
    const bytes = Buffer.concat([fx.pdf(), Buffer.alloc(300_000, 7)]);
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 65_536) yield new Uint8Array(bytes.subarray(i, i + 65_536));
    }
    const stored = await store.put(chunks(), { maxBytes: bytes.length });
    expect(stored.size).toBe(bytes.length);
    expect(stored.sha256).toBe(sha256(bytes));
    expect(stored.key).toMatch(/^\d{4}\/\d{2}\/[0-9a-f-]{36}$/);
    expect(store.pathOf(stored.key).startsWith(uploadDir + path.sep)).toBe(true);
    expect((await readFile(store.pathOf(stored.key))).equals(bytes)).toBe(true);
    const back: Buffer[] = [];
    for await (const c of store.read(stored.key)) back.push(c as Buffer);
    expect(Buffer.concat(back).equals(bytes)).toBe(true);
    await store.remove(stored.key);
    await store.remove(stored.key); // idempotent
    expect(await filesUnder(uploadDir)).toEqual([]);
  });

  it("refuses more than maxBytes, stops reading the source and leaves nothing behind", async () => {
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield new Uint8Array(16_384);
      }
    }
    const e = await appError(getFileStore().put(endless(), { maxBytes: 100_000 }));
    expect(e.code).toBe("PAYLOAD_TOO_LARGE");
    expect(pulled).toBeLessThan(20);
    expect(await filesUnder(uploadDir)).toEqual([]);
  });

  it("refuses an empty file", async () => {
    const e = await appError(getFileStore().put((async function* () {})(), { maxBytes: 10 }));
    expect(e.code).toBe("VALIDATION_FAILED");
    expect(e.fields).toEqual({ file: "fileEmpty" });
    expect(await filesUnder(uploadDir)).toEqual([]);
  });

  it("refuses keys it did not make", () => {
    const store = getFileStore();
    for (const key of ["../../etc/passwd", "2025/01/../../x", "사업계획서.pdf", "2025/01/abc"]) {
      expect(() => store.pathOf(key)).toThrow(AppError);
    }
  });
});

describe("receiveUpload", () => {
  const url = "http://localhost:3000/api/v1/proposals/1/attachments";
  const MAX = 1 << 20;

  beforeEach(async () => {
    await rm(uploadDir, { recursive: true, force: true });
  });

  function formRequest(parts: Array<[string, string] | [string, Buffer, string, string?]>): Request {
    const fd = new FormData();
    for (const [name, value, fileName, type] of parts) {
      if (typeof value === "string") fd.append(name, value);
      else fd.append(name, new Blob([new Uint8Array(value)], { type: type ?? "application/octet-stream" }), fileName);
    }
    return new Request(url, { method: "POST", body: fd });
  }

  /** A multipart request whose body is a stream: `chunks` then, optionally, an error or endless file bytes. */
  function streamRequest(chunks: Buffer[], then: "end" | "error" | "endless", headers: Record<string, string> = {}): Request {
    const boundary = "----portal-test-boundary";
    let i = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i < chunks.length) return controller.enqueue(new Uint8Array(chunks[i++]!));
        if (then === "end") return controller.close();
        if (then === "error") return controller.error(new Error("client went away"));
        controller.enqueue(new Uint8Array(65_536));
      },
    });
    return new Request(url, {
      method: "POST",
      body,
      headers: { "content-type": `multipart/form-data; boundary=${boundary}`, ...headers },
      duplex: "half",
    } as RequestInit);
  }
  const partHead = (name: string, fileName: string) =>
    Buffer.from(`------portal-test-boundary\r\nContent-Disposition: form-data; name="${name}"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`);

  it("stores the file and reports hash, size, detected type and the Korean file name", async () => {
    const bytes = fx.pdf("proposal");
    const res = await receiveUpload(formRequest([["kind", "BUSINESS_PLAN"], ["file", bytes, "사업계획서_최종.pdf", "application/pdf"], ["ignored", "x"]]), {
      maxBytes: MAX,
      fields: ["kind"],
    });
    expect(res.fields).toEqual({ kind: "BUSINESS_PLAN" });
    expect(res.file).toMatchObject({ size: bytes.length, sha256: sha256(bytes), fileName: "사업계획서_최종.pdf", clientType: "application/pdf", detected: "PDF" });
    expect((await readFile(getFileStore().pathOf(res.file.key))).equals(bytes)).toBe(true);
    expect(await filesUnder(uploadDir)).toHaveLength(1);
  });

  it("detects by content, whatever the client's name and type say", async () => {
    const res = await receiveUpload(formRequest([["file", fx.exe(), "계획서.pdf", "application/pdf"]]), { maxBytes: MAX });
    expect(res.file.detected).toBeNull();
    expect(res.file.fileName).toBe("계획서.pdf");
    const hwp = await receiveUpload(formRequest([["file", fx.hwp(), "계획서.hwp", "application/octet-stream"]]), { maxBytes: MAX });
    expect(hwp.file.detected).toBe("HWP");
  });

  it("refuses an oversize file with 413 and leaves no file in the upload folder", async () => {
    const e = await appError(receiveUpload(formRequest([["file", Buffer.alloc(MAX + 1, 1), "큰파일.pdf"]]), { maxBytes: MAX }));
    expect(e.code).toBe("PAYLOAD_TOO_LARGE");
    expect(await filesUnder(uploadDir)).toEqual([]);
  });

  it("stops reading an endless body once over the limit", async () => {
    const e = await appError(receiveUpload(streamRequest([partHead("file", "a.pdf")], "endless"), { maxBytes: MAX }));
    expect(e.code).toBe("PAYLOAD_TOO_LARGE");
    expect(await filesUnder(uploadDir)).toEqual([]);
  });

  it("refuses at once when Content-Length already exceeds the limit", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(1024));
      },
    });
    const req = new Request(url, {
      method: "POST",
      body,
      duplex: "half",
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(MAX + 65 * 1024) },
    } as RequestInit);
    expect(req.headers.get("content-length")).not.toBeNull();
    const e = await appError(receiveUpload(req, { maxBytes: MAX }));
    expect(e.code).toBe("PAYLOAD_TOO_LARGE");
    expect(pulled).toBeLessThanOrEqual(1); // the stream's initial pull only; nothing parsed
  });

  it("rejects with an AppError and cleans up when the body is aborted mid-file", async () => {
    const e = await appError(receiveUpload(streamRequest([partHead("file", "a.pdf"), fx.pdf(), Buffer.alloc(200_000, 1)], "error"), { maxBytes: MAX }));
    expect(e.code).toBe("BAD_REQUEST");
    expect(await filesUnder(uploadDir)).toEqual([]);
  });

  it("rejects a body that ends in the middle of the file", async () => {
    const e = await appError(receiveUpload(streamRequest([partHead("file", "a.pdf"), fx.pdf()], "end"), { maxBytes: MAX }));
    expect(e.code).toBe("BAD_REQUEST");
    expect(await filesUnder(uploadDir)).toEqual([]);
  });

  it("requires exactly one file part named file", async () => {
    let e = await appError(receiveUpload(formRequest([["kind", "X"]]), { maxBytes: MAX }));
    expect(e.code).toBe("VALIDATION_FAILED");
    expect(e.fields).toEqual({ file: "fileRequired" });

    e = await appError(receiveUpload(formRequest([["file", Buffer.alloc(0), ""]]), { maxBytes: MAX })); // no file chosen
    expect(e.fields).toEqual({ file: "fileRequired" });

    e = await appError(
      receiveUpload(
        formRequest([
          ["file", fx.pdf(), "a.pdf"],
          ["file", fx.pdf(), "b.pdf"],
        ]),
        { maxBytes: MAX },
      ),
    );
    expect(e.code).toBe("BAD_REQUEST");

    e = await appError(receiveUpload(formRequest([["attachment", fx.pdf(), "a.pdf"]]), { maxBytes: MAX }));
    expect(e.code).toBe("BAD_REQUEST");
    expect(await filesUnder(uploadDir)).toEqual([]);
  });

  it("refuses an empty file and an invalid file name", async () => {
    let e = await appError(receiveUpload(formRequest([["file", Buffer.alloc(0), "빈파일.pdf"]]), { maxBytes: MAX }));
    expect(e.fields).toEqual({ file: "fileEmpty" });
    e = await appError(receiveUpload(streamRequest([partHead("file", "..\\..\\boot.ini"), fx.pdf(), Buffer.from("\r\n------portal-test-boundary--\r\n")], "end"), { maxBytes: MAX }));
    expect(e.fields).toEqual({ file: "fileNameInvalid" });
    expect(await filesUnder(uploadDir)).toEqual([]);
  });

  it("limits the text fields", async () => {
    let e = await appError(receiveUpload(formRequest([["note", "x".repeat(2000)], ["file", fx.pdf(), "a.pdf"]]), { maxBytes: MAX }));
    expect(e.code).toBe("BAD_REQUEST");
    const many = Array.from({ length: 11 }, (_, i) => [`f${i}`, "v"] as [string, string]);
    e = await appError(receiveUpload(formRequest([...many, ["file", fx.pdf(), "a.pdf"]]), { maxBytes: MAX }));
    expect(e.code).toBe("BAD_REQUEST");
    e = await appError(receiveUpload(formRequest([["kind", "A"], ["kind", "B"], ["file", fx.pdf(), "a.pdf"]]), { maxBytes: MAX, fields: ["kind"] }));
    expect(e.code).toBe("BAD_REQUEST");
    expect(await filesUnder(uploadDir)).toEqual([]);
    // Ten fields and the file are the most a form may have, and are accepted (unlisted names are dropped).
    const ok = await receiveUpload(formRequest([...many.slice(0, 10), ["file", fx.pdf(), "a.pdf"]]), { maxBytes: MAX, fields: ["f0", "f9"] });
    expect(ok.fields).toEqual({ f0: "v", f9: "v" });
    await getFileStore().remove(ok.file.key);
    expect(await filesUnder(uploadDir)).toEqual([]);
  });

  it("refuses anything but multipart/form-data", async () => {
    const json = new Request(url, { method: "POST", body: JSON.stringify({ file: "x" }), headers: { "content-type": "application/json" } });
    expect((await appError(receiveUpload(json, { maxBytes: MAX }))).code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const raw = new Request(url, { method: "POST", body: new Uint8Array(fx.pdf()), headers: { "content-type": "application/pdf" } });
    expect((await appError(receiveUpload(raw, { maxBytes: MAX }))).code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const noBoundary = new Request(url, { method: "POST", body: "x", headers: { "content-type": "multipart/form-data" } });
    expect((await appError(receiveUpload(noBoundary, { maxBytes: MAX }))).code).toBe("BAD_REQUEST");
  });
});

describe("inspectContent (issue 11 items 15, 16)", () => {
  async function inspect(bytes: Buffer) {
    const p = path.join(scratch, `i-${Math.random().toString(36).slice(2)}`);
    await writeFile(p, bytes);
    const type = await detectFileType(p);
    expect(type).not.toBeNull();
    return inspectContent(p, type!);
  }

  it("passes real documents of every type", async () => {
    for (const b of [fx.pdf(), await fx.docx(), await fx.xlsx(), await fx.hwpx(), fx.hwp(), fx.hwpWith(), await fx.hwpxWith()]) expect(await inspect(b)).toBeNull();
  });

  it("bounds the declared total by ratio too: 200 parts of 1 MiB − 1 (200 MiB from ~0.2 MB)", async () => {
    const part = fx.rawEntry("x", Buffer.alloc((1 << 20) - 1));
    const bytes = fx.rawZip([...Object.entries(fx.docxEntries()).map(([n, c]) => fx.rawEntry(n, c)), ...Array.from({ length: 200 }, (_, i) => ({ ...part, name: `word/media/p${i}.bin` }))]);
    expect(200 * part.size).toBeLessThan(ZIP_LIMITS.maxTotalBytes);
    expect(await inspect(bytes)).toMatchObject({ key: "fileArchiveSuspicious" });
    // The same 200 parts stored (no compression, ratio 1) are a big but honest package… over the 50 MB upload limits anyway; 20 of them pass.
    const stored = fx.rawEntry("y", crypto.randomBytes(256 * 1024), 0);
    const honest = fx.rawZip([...Object.entries(fx.docxEntries()).map(([n, c]) => fx.rawEntry(n, c)), ...Array.from({ length: 20 }, (_, i) => ({ ...stored, name: `word/media/s${i}.png` }))]);
    expect(await inspect(honest)).toBeNull();
  });

  it("inflates against the declared size: a part that inflates to more, or less, is refused", async () => {
    const base = Object.entries(fx.docxEntries()).filter(([n]) => n !== "word/document.xml").map(([n, c]) => fx.rawEntry(n, c));
    const more = { ...fx.rawEntry("word/document.xml", "x".repeat(100_000)), size: 1000 };
    const less = { ...fx.rawEntry("word/document.xml", "x".repeat(1000)), size: 100_000 };
    expect(await inspect(fx.rawZip([...base, more]))).toMatchObject({ key: "fileArchiveSuspicious", found: "word/document.xml" });
    expect(await inspect(fx.rawZip([...base, less]))).toMatchObject({ key: "fileArchiveSuspicious", found: "word/document.xml" });
    // An inspected part may not exceed 4 MiB even when honest.
    const bigTypes = fx.rawEntry("[Content_Types].xml", `${fx.contentTypes()}${" ".repeat(ZIP_LIMITS.maxInspectedPartBytes)}`);
    expect(await inspect(fx.rawZip([bigTypes, ...Object.entries(fx.docxEntries()).filter(([n]) => n !== "[Content_Types].xml").map(([n, c]) => fx.rawEntry(n, c))]))).toMatchObject({ key: "fileArchiveSuspicious", found: "[Content_Types].xml" });
  });

  it("ignores a Default content type no part uses, and names content types and targets as found", async () => {
    const unused = fx.contentTypes({}, { bin: "application/vnd.openxmlformats-officedocument.oleObject" });
    expect(await inspect(await fx.zip({ ...fx.docxEntries(), "[Content_Types].xml": unused }))).toBeNull();
    expect(await inspect(await fx.zip({ ...fx.docxEntries(), "[Content_Types].xml": unused, "word/media/x.bin": "x" }))).toMatchObject({ key: "fileEmbeddedObject" });
    const xlsm = fx.contentTypes({ "/xl/workbook.xml": "application/vnd.ms-excel.sheet.macroEnabled.main+xml" });
    expect(await inspect(await fx.zip({ ...fx.xlsxEntries(), "[Content_Types].xml": xlsm }))).toEqual({ key: "fileMacro", found: "application/vnd.ms-excel.sheet.macroEnabled.main+xml" });
    // Remote frames (template injection) and a chart that embeds a macro-enabled workbook.
    const frame = fx.rels([{ type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/frame", target: "\\\\evil\\share\\x.docx", external: true }]);
    expect(await inspect(await fx.zip({ ...fx.docxEntries(), "word/_rels/webSettings.xml.rels": frame }))).toMatchObject({ key: "fileExternalLink" });
    const pkg = fx.rels([{ type: fx.REL_TYPES.package, target: "../embeddings/Book1.xlsm" }]);
    expect(await inspect(await fx.zip({ ...fx.docxEntries(), "word/charts/_rels/chart1.xml.rels": pkg }))).toEqual({ key: "fileMacro", found: "word/embeddings/Book1.xlsm" });
  });

  it("strips control and bidi characters from what it names, and keeps it short", async () => {
    const r = await inspect(await fx.zip({ ...fx.docxEntries(), [`word/\u202e${"a".repeat(300)}/vbaProject.bin`]: Buffer.alloc(8) }));
    expect(r!.key).toBe("fileMacro");
    expect(r!.found).not.toMatch(/\u202e/);
    expect(r!.found.length).toBeLessThanOrEqual(121);
  });

  it("tells Hancom's default script stubs from scripts someone wrote", () => {
    expect(scriptDoesSomething(`var Documents = XHwpDocuments;\r\nvar Document = Documents.Active_XHwpDocument;\r\n${fx.DEFAULT_HWP_SCRIPT}`)).toBe(false);
    expect(scriptDoesSomething("// nothing\r\nfunction OnDocument_New() { /* empty */ }")).toBe(false);
    expect(scriptDoesSomething("")).toBe(false);
    expect(scriptDoesSomething(fx.HOSTILE_SCRIPT)).toBe(true);
    expect(scriptDoesSomething("Document.Run();")).toBe(true);
    expect(scriptDoesSomething("function OnDocument_Open() { } x = 1")).toBe(true);
  });

  it("refuses HWP with DRM or certificate encryption, and a script stream that is not deflate", async () => {
    expect(await inspect(fx.hwpWith({ flags: 1 | (1 << 4) }))).toMatchObject({ key: "fileEncrypted" });
    expect(await inspect(fx.hwpWith({ flags: 1 | (1 << 8) }))).toMatchObject({ key: "fileEncrypted" });
    // Uncompressed script stored in a file that says it is compressed.
    const cfbDoc = CFB.read(fx.hwpWith({ flags: 1 }), { type: "buffer" });
    CFB.utils.cfb_add(cfbDoc, "/Scripts/Extra", Buffer.from("not deflate at all, and long enough to matter".repeat(20)));
    expect(await inspect(Buffer.from(CFB.write(cfbDoc, { type: "buffer" }) as Uint8Array))).toEqual({ key: "fileScript", found: "Scripts/Extra" });
  });

  it("refuses a PDF with an /Encrypt dictionary in an xref stream, and passes a PDF that merely mentions PK bytes", async () => {
    const xrefStream = Buffer.from(fx.pdf().toString("latin1").replace("%%EOF", "9 0 obj\n<< /Type /XRef /Size 10 /Encrypt <</Filter /Standard /V 2>> >>\nendobj\n%%EOF"), "latin1");
    expect(await inspect(xrefStream)).toMatchObject({ key: "fileEncrypted" });
    const pk = Buffer.from(fx.pdf().toString("latin1").replace("(Hello)", "(PK\x05\x06 and PK\x01\x02)"), "latin1");
    expect(await inspect(pk)).toBeNull();
  });

  it("every problem has a Korean and an English message; the named ones show what was found", () => {
    for (const key of CONTENT_PROBLEMS) {
      expect(key in ko.fields && key in en.fields, key).toBe(true);
      const msg = (ko.fields as Record<string, string>)[key]!;
      if (msg.includes("{found}")) expect(fieldMessage(key, "ko", { found: "word/vbaData.xml" })).toContain("word/vbaData.xml");
    }
    expect(fieldMessage("fileMacro", "ko", { found: "word/vbaProject.bin" })).toBe(
      "매크로가 포함된 문서는 제출할 수 없습니다: word/vbaProject.bin. 매크로를 지운 뒤 일반 문서(.docx, .xlsx)나 PDF로 다시 저장해 올리세요.",
    );
  });

  it("answers 422 with the Korean field message naming what was found (English on request)", async () => {
    const e = new AppError("VALIDATION_FAILED", { fields: { file: "fileMacro" }, fieldParams: { file: { found: "word/vbaData.xml" } } });
    const ko422 = errorResponse(e, "ko");
    expect(ko422.status).toBe(422);
    expect(await ko422.json()).toEqual({ error: { code: "VALIDATION_FAILED", message: ko.errors.VALIDATION_FAILED, fields: { file: fieldMessage("fileMacro", "ko", { found: "word/vbaData.xml" }) } } });
    expect((await errorResponse(e, "ko").json()).error.fields.file).toContain("매크로가 포함된 문서는 제출할 수 없습니다: word/vbaData.xml");
    expect((await errorResponse(e, "en").json()).error.fields.file).toContain("Documents containing macros cannot be submitted: word/vbaData.xml");
    // Without params a field message is the plain text, as before.
    expect((await errorResponse(new AppError("VALIDATION_FAILED", { fields: { file: "fileEncrypted" } }), "ko").json()).error.fields.file).toBe(ko.fields.fileEncrypted);
    const quota = errorResponse(new AppError("DRAFT_QUOTA_EXCEEDED"), "ko");
    expect([quota.status, (await quota.json()).error.code]).toEqual([413, "DRAFT_QUOTA_EXCEEDED"]);
  });

  it("survives corrupted containers: every result is null or a known problem, no throw", async () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const bases = [fx.hwpWith(), fx.hwpWith({ flags: 0 }), await fx.docx(), await fx.hwpxWith(), fx.pdf()];
    for (let i = 0; i < 200; i++) {
      const b = Buffer.from(bases[i % bases.length]!);
      for (let k = 1 + Math.floor(rnd() * 8); k > 0; k--) {
        const pos = rnd() < 0.5 ? Math.floor(rnd() * Math.min(b.length, 2048)) : b.length - 1 - Math.floor(rnd() * Math.min(b.length, 1024));
        b[pos] = Math.floor(rnd() * 256);
      }
      const p = path.join(scratch, `c-${i}`);
      await writeFile(p, b);
      const type = await detectFileType(p);
      if (!type) continue;
      const r = await inspectContent(p, type);
      expect(r === null || (CONTENT_PROBLEMS as readonly string[]).includes(r.key)).toBe(true);
    }
  });
});

describe("inspectContent: bypasses confirmed by the review (issue 11 items 15, 16)", () => {
  async function inspect(bytes: Buffer) {
    const p = path.join(scratch, `r-${Math.random().toString(36).slice(2)}`);
    await writeFile(p, bytes);
    const type = await detectFileType(p);
    expect(type).not.toBeNull();
    return inspectContent(p, type!);
  }
  const docxWith = (extra: Record<string, string | Buffer>) => fx.zip({ ...fx.docxEntries(), ...extra });
  const macroType = "application/vnd.ms-word.document.macroEnabled.main+xml";

  it("1: JScript conditional compilation is code, not a comment", async () => {
    const ccOn = '/*@cc_on @*/ /*@ new ActiveXObject("WScript.Shell").Run("calc") @*/';
    expect(scriptDoesSomething(ccOn)).toBe(true);
    expect(scriptDoesSomething(`${fx.DEFAULT_HWP_SCRIPT}/*@ new ActiveXObject("WScript.Shell").Run("calc") @*/`)).toBe(true);
    expect(scriptDoesSomething("//@cc_on\r\n")).toBe(true);
    expect(scriptDoesSomething("/* @if (@_jscript) */")).toBe(true);
    expect(await inspect(fx.hwpWith({ script: ccOn }))).toEqual({ key: "fileScript", found: "Scripts/DefaultJScript" });
    expect(await inspect(await fx.hwpxWith({ "Scripts/sourceScripts": ccOn }))).toEqual({ key: "fileScript", found: "Scripts/sourceScripts" });
  });

  it("1: comments are read in order: a /* inside a // comment opens nothing", () => {
    expect(scriptDoesSomething('// /*\r\nnew ActiveXObject("WScript.Shell").Run("calc");\r\n// */')).toBe(true);
    // A string holding comment marks is code either way.
    expect(scriptDoesSomething('var s = "/* */";')).toBe(true);
    // Comments still go: Hancom's stubs with comments in them do nothing.
    expect(scriptDoesSomething(`// header\r\n/* block\r\n*/${fx.DEFAULT_HWP_SCRIPT}`)).toBe(false);
  });

  it("1: judging a script is linear: nested empty functions are code, not peeled one level per pass", async () => {
    expect(scriptDoesSomething("function a() { function b() { } }")).toBe(true);
    // 280 KB of nesting took 18 s with a pass per level (measured; 4 MiB, an HWPX part's limit, hours).
    const nested = `${"function a(){".repeat(20_000)}${"}".repeat(20_000)}`;
    const t0 = performance.now();
    expect(scriptDoesSomething(nested)).toBe(true);
    expect(scriptDoesSomething("// x\n".repeat(50_000))).toBe(false);
    expect(performance.now() - t0).toBeLessThan(2000);
    // HWPX script parts are bounded like HWP's streams (256 KiB).
    expect(await inspect(await fx.hwpxWith({ "Scripts/sourceScripts": `${fx.DEFAULT_HWP_SCRIPT}${" ".repeat(300 * 1024)}` }))).toEqual({ key: "fileScript", found: "Scripts/sourceScripts" });
  });

  it("2a: a '>' inside an attribute value does not hide the attributes after it", async () => {
    const rel = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="https://evil.example/t.dotm?a>b" Type="${fx.REL_TYPES.attachedTemplate}" TargetMode="External"/></Relationships>`;
    expect(await inspect(await docxWith({ "word/_rels/settings.xml.rels": rel }))).toEqual({ key: "fileExternalLink", found: "https://evil.example/t.dotm?a>b" });
    const override = fx.contentTypes().replace("</Types>", `<Override PartName="/word/document.xml?a>b" ContentType="${macroType}"/></Types>`);
    expect(await inspect(await docxWith({ "[Content_Types].xml": override }))).toEqual({ key: "fileMacro", found: macroType });
    const def = fx.contentTypes().replace("</Types>", `<Default Extension="bin" x="a>b" ContentType="application/vnd.ms-office.vbaProject"/></Types>`);
    expect(await inspect(await docxWith({ "[Content_Types].xml": def, "word/media/x.bin": "x" }))).toMatchObject({ key: "fileMacro" });
  });

  it("2a: parts Office reads however they are written: a UTF-16 [Content_Types].xml, a .RELS part, entities", async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fx.contentTypes({ "/word/document.xml": macroType }).replace('encoding="UTF-8"', 'encoding="UTF-16"'), "utf16le")]);
    expect(await inspect(await docxWith({ "[Content_Types].xml": utf16 }))).toEqual({ key: "fileMacro", found: macroType });
    expect(await inspect(await docxWith({ "word/_rels/document.xml.RELS": fx.rels([{ type: fx.REL_TYPES.vbaProject, target: "payload.dat" }]) }))).toEqual({ key: "fileMacro", found: "word/payload.dat" });
    const named = fx.rels([{ type: fx.REL_TYPES.vbaProject.replace("vbaProject", "vba&#x50;roject"), target: "a&amp;b.dat" }]);
    expect(await inspect(await docxWith({ "word/_rels/document.xml.rels": named }))).toEqual({ key: "fileMacro", found: "word/a&b.dat" });
    // XML that is not well-formed, or declares a DTD, is not read by guesswork.
    expect(await inspect(await docxWith({ "word/_rels/document.xml.rels": "<Relationships><Relationship Type='x'></Relationships>" }))).toMatchObject({ key: "fileMalformedPart", found: "word/_rels/document.xml.rels" });
    const dtd = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY t "${fx.REL_TYPES.vbaProject}">]><Relationships><Relationship Id="r" Type="&t;" Target="x"/></Relationships>`;
    expect(await inspect(await docxWith({ "word/_rels/document.xml.rels": dtd }))).toMatchObject({ key: "fileMalformedPart" });
  });

  it("2b: refuses duplicate entry names, also when they differ only by case or slash direction", async () => {
    const harmless = fx.rawEntry("[Content_Types].xml", fx.contentTypes());
    const macro = fx.rawEntry("[Content_Types].xml", fx.contentTypes({ "/word/document.xml": macroType }));
    const rest = Object.entries(fx.docxEntries()).filter(([n]) => n !== "[Content_Types].xml").map(([n, c]) => fx.rawEntry(n, c));
    expect(await inspect(fx.rawZip([macro, harmless, ...rest]))).toEqual({ key: "fileArchiveDuplicateEntry", found: "[Content_Types].xml" });
    expect(await inspect(fx.rawZip([harmless, { ...macro, name: "[CONTENT_TYPES].XML" }, ...rest]))).toEqual({ key: "fileArchiveDuplicateEntry", found: "[CONTENT_TYPES].XML" });
    const relsA = fx.rawEntry("word/_rels/document.xml.rels", fx.rels([]));
    const relsB = fx.rawEntry("word\\_rels\\document.xml.rels", fx.rels([{ type: fx.REL_TYPES.vbaProject, target: "x.bin" }]));
    expect(await inspect(fx.rawZip([harmless, ...rest, relsA, relsB]))).toMatchObject({ key: "fileArchiveDuplicateEntry" });
    // HWPX too.
    const hwpxRaw = Object.entries({ mimetype: "application/hwp+zip", "Contents/content.hpf": "<opf:package/>", "Scripts/sourceScripts": fx.HOSTILE_SCRIPT, "scripts/SourceScripts": fx.DEFAULT_HWP_SCRIPT }).map(([n, c]) => fx.rawEntry(n, c, 0));
    expect(await inspect(fx.rawZip(hwpxRaw))).toMatchObject({ key: "fileArchiveDuplicateEntry" });
  });

  it("2b: refuses an entry whose Unicode Path field names another part than its header does", async () => {
    const base = Object.entries(fx.docxEntries()).map(([n, c]) => fx.rawEntry(n, c));
    // Office reads the header's name (word/vbaProject.bin); yauzl reads the extra field's.
    const hidden = { ...fx.rawEntry("word/vbaProject.bin", Buffer.alloc(64, 1)), extra: fx.unicodePathExtra("word/vbaProject.bin", "word/media/image1.png") };
    expect(await inspect(fx.rawZip([...base, hidden]))).toEqual({ key: "fileMalformedPart", found: "word/vbaProject.bin" });
    // The same field repeating the header's name is harmless.
    const same = { ...fx.rawEntry("word/media/image1.png", Buffer.alloc(64, 1)), extra: fx.unicodePathExtra("word/media/image1.png", "word/media/image1.png") };
    expect(await inspect(fx.rawZip([...base, same]))).toBeNull();
  });

  it("2b: part names are judged as Office reads them: percent-encoded, any case", async () => {
    expect(await inspect(await docxWith({ "word/vbaProject%2Ebin": Buffer.alloc(64) }))).toEqual({ key: "fileMacro", found: "word/vbaProject%2Ebin" });
    expect(await inspect(await fx.hwpxWith({ "BinData/ole1%2Eole": Buffer.alloc(64) }))).toEqual({ key: "fileEmbeddedObject", found: "BinData/ole1%2Eole" });
    // A Default content type applies to the decoded extension too.
    const def = fx.contentTypes({}, { bin: "application/vnd.ms-office.vbaProject" });
    expect(await inspect(await docxWith({ "[Content_Types].xml": def, "word/media/x.%62in": "x" }))).toMatchObject({ key: "fileMacro" });
  });

  it("3: refuses a DOCX that imports another document through altChunk (aFChunk)", async () => {
    const rel = fx.rels([{ type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk", target: "afchunk.rtf" }]);
    expect(await inspect(await docxWith({ "word/_rels/document.xml.rels": rel, "word/afchunk.rtf": "{\\rtf1 {\\object\\objemb}}" }))).toEqual({ key: "fileImportedContent", found: "word/afchunk.rtf" });
  });

  it("3: an HWPX script part is judged whatever its name holds ('version' included)", async () => {
    expect(await inspect(await fx.hwpxWith({ "Scripts/versionScripts": fx.HOSTILE_SCRIPT }))).toEqual({ key: "fileScript", found: "Scripts/versionScripts" });
    expect(await inspect(await fx.hwpxWith({ "Scripts/JScriptVersion": fx.HOSTILE_SCRIPT }))).toEqual({ key: "fileScript", found: "Scripts/JScriptVersion" });
    // HWP's JScriptVersion is 8 bytes; a long one is judged like any script.
    expect(await inspect(fx.hwpWith({ extra: { "/Scripts/JScriptVersion": fx.hwpScriptStream(fx.HOSTILE_SCRIPT) } }))).toEqual({ key: "fileScript", found: "Scripts/JScriptVersion" });
  });

  it("3: an HWPX manifest may not place a script or an OLE object outside the parts we judge", async () => {
    const hpf = (items: string) => `<?xml version="1.0" encoding="UTF-8"?><opf:package xmlns:opf="http://www.idpf.org/2007/opf/"><opf:manifest>${items}</opf:manifest></opf:package>`;
    const scriptElsewhere = hpf('<opf:item id="s" href="Contents/evil.js" media-type="application/x-javascript"/>');
    expect(await inspect(await fx.hwpxWith({ "Contents/content.hpf": scriptElsewhere, "Contents/evil.js": fx.HOSTILE_SCRIPT }))).toEqual({ key: "fileScript", found: "Contents/evil.js" });
    const oleElsewhere = hpf('<opf:item id="o" href="BinData/image1.png" media-type="application/ole"/>');
    expect(await inspect(await fx.hwpxWith({ "Contents/content.hpf": oleElsewhere, "BinData/image1.png": Buffer.alloc(64) }))).toEqual({ key: "fileEmbeddedObject", found: "BinData/image1.png" });
    // Hancom's own manifest lists its script parts under Scripts/ and images as images.
    const usual = hpf('<opf:item id="headersc" href="Scripts/headerScripts" media-type="application/x-javascript"/><opf:item id="sourcesc" href="Scripts/sourceScripts" media-type="application/x-javascript"/><opf:item id="image1" href="BinData/image1.png" media-type="image/png"/>');
    expect(await inspect(await fx.hwpxWith({ "Contents/content.hpf": usual, "BinData/image1.png": Buffer.alloc(64) }))).toBeNull();
  });

  it("3: finds /Encrypt written with name escapes, PDF whitespace or comments, and across the scan's chunk boundary", async () => {
    const withTrailer = (enc: string, pad = "") => Buffer.from(fx.pdf("secret").toString("latin1").replace("trailer\n", `${pad}trailer\n`).replace("/Root 1 0 R >>", `/Root 1 0 R ${enc} >>`), "latin1");
    expect(await inspect(withTrailer("/Encr#79pt 6 0 R"))).toMatchObject({ key: "fileEncrypted" });
    expect(await inspect(withTrailer("/#45#6E#63#72#79#70#74<</Filter /Standard>>"))).toMatchObject({ key: "fileEncrypted" });
    expect(await inspect(withTrailer("/Encrypt\u00006 0 R"))).toMatchObject({ key: "fileEncrypted" });
    expect(await inspect(withTrailer("/Encrypt % the key\n6 0 R"))).toMatchObject({ key: "fileEncrypted" });
    // The name ends 4 bytes before 1 MiB, its value 100 bytes later: in no single chunk of the old scan.
    const base = withTrailer(`/Encrypt${" ".repeat(100)}6 0 R`).toString("latin1");
    const at = base.indexOf("/Encrypt");
    const pad = `%${"x".repeat((1 << 20) - 4 - 8 - at - 2)}\n`;
    const big = withTrailer(`/Encrypt${" ".repeat(100)}6 0 R`, pad);
    expect(big.indexOf("/Encrypt")).toBe((1 << 20) - 12);
    expect(await inspect(big)).toMatchObject({ key: "fileEncrypted" });
    // Names that only start like it, and the word in text, are not encryption.
    expect(await inspect(withTrailer("/Encrypted 6 0 R /EncryptMetadata true"))).toBeNull();
  });
});
