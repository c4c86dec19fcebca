// What is inside an accepted container (decision 014). detectFileType says what a file is; this says
// whether reviewers may open it: no zip bomb or lying archive, no macros, ActiveX, OLE objects,
// external templates or scripts, no encryption, no second file riding on a PDF. Every read is
// bounded: archives are inflated against a hard byte budget, never trusting their directory.
import { open, readFile, stat } from "node:fs/promises";
import { createInflateRaw, inflateRawSync } from "node:zlib";
import path from "node:path";
import CFB from "cfb";
import yauzl from "yauzl";
import type { DetectedType } from "./file-type";

/** Field message keys (`fields` namespace); those with {found} get the part or value that was found. */
export const CONTENT_PROBLEMS = [
  "fileArchiveSuspicious",
  "fileMacro",
  "fileActiveX",
  "fileEmbeddedObject",
  "fileExternalLink",
  "fileScript",
  "filePolyglot",
  "fileEncrypted",
  "fileDistributionDocument",
] as const;
export type ContentProblemKey = (typeof CONTENT_PROBLEMS)[number];
export interface ContentProblem {
  key: ContentProblemKey;
  found: string;
}

const MiB = 1 << 20;
/** Limits on ZIP packages (DOCX, XLSX, HWPX), chosen in decision 014. */
export const ZIP_LIMITS = {
  /** Real packages have tens to a few hundred parts. */
  maxEntries: 5_000,
  /** Declared uncompressed bytes in all; the largest upload allowed is 50 MB. */
  maxTotalBytes: 256 * MiB,
  /** Past this many declared bytes in all, the package may not inflate more than maxRatio × its size… */
  totalGraceBytes: 16 * MiB,
  /** …and no single part over partGraceBytes more than maxRatio × its stored size (Apache POI's rule). */
  partGraceBytes: MiB,
  maxRatio: 100,
  /** The XML parts read for inspection ([Content_Types].xml, .rels, scripts) are held in memory up to this. */
  maxInspectedPartBytes: 4 * MiB,
};
/** A script stream inflated beyond this is not Hancom's default stub. */
const MAX_SCRIPT_BYTES = 256 * 1024;
const MAX_FOUND_CHARS = 120;

/** The first problem found in the stored file, or null when reviewers may open it. */
export async function inspectContent(filePath: string, type: DetectedType): Promise<ContentProblem | null> {
  try {
    if (type === "PDF") return await inspectPdf(filePath);
    if (type === "HWP") return await inspectHwp(filePath);
    return await inspectZip(filePath, type);
  } catch {
    // A container we cannot read to the end is not one we pass on.
    return { key: "fileArchiveSuspicious", found: "" };
  }
}

/**
 * Why a file of no accepted type was refused, when encryption is the reason: a password-protected
 * Office file is a compound file holding EncryptionInfo and EncryptedPackage, and a ZIP may carry
 * encrypted parts. Null for anything else (the caller says "unsupported type").
 */
export async function explainUnsupported(filePath: string): Promise<ContentProblem | null> {
  try {
    const fh = await open(filePath, "r");
    const head = Buffer.alloc(8);
    try {
      await fh.read(head, 0, 8, 0);
    } finally {
      await fh.close();
    }
    if (head.readUInt32LE(0) === 0x04034b50) {
      const zip = await yauzl.openPromise(filePath, { lazyEntries: true, autoClose: false, strictFileNames: false });
      try {
        if (zip.entryCount > 65_535) return null;
        for await (const entry of zip.eachEntry()) if (entry.isEncrypted()) return problem("fileEncrypted", entry.fileName);
      } finally {
        zip.close();
      }
      return null;
    }
    if (head.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
      const doc = CFB.read(await readFile(filePath), { type: "buffer" });
      if (CFB.find(doc, "EncryptionInfo") && CFB.find(doc, "EncryptedPackage")) return problem("fileEncrypted", "EncryptedPackage");
    }
    return null;
  } catch {
    return null;
  }
}

/** Part names and values come from the uploader: printable, short. */
function shown(s: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "");
  return clean.length > MAX_FOUND_CHARS ? `${clean.slice(0, MAX_FOUND_CHARS)}…` : clean;
}
const problem = (key: ContentProblemKey, found = ""): ContentProblem => ({ key, found: shown(found) });

// --- ZIP packages ---------------------------------------------------------------------------------

async function inspectZip(filePath: string, type: DetectedType): Promise<ContentProblem | null> {
  const { size: fileSize } = await stat(filePath);
  const zip = await yauzl.openPromise(filePath, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: false });
  try {
    if (zip.entryCount > ZIP_LIMITS.maxEntries) return problem("fileArchiveSuspicious", `${zip.entryCount} entries`);
    const entries: yauzl.Entry[] = [];
    let declared = 0;
    for await (const entry of zip.eachEntry()) {
      entries.push(entry);
      declared += entry.uncompressedSize;
      if (declared > ZIP_LIMITS.maxTotalBytes) return problem("fileArchiveSuspicious", entry.fileName);
      if (entry.uncompressedSize > ZIP_LIMITS.partGraceBytes && entry.uncompressedSize > ZIP_LIMITS.maxRatio * Math.max(entry.compressedSize, 1)) {
        return problem("fileArchiveSuspicious", entry.fileName);
      }
    }
    if (declared > ZIP_LIMITS.totalGraceBytes && declared > ZIP_LIMITS.maxRatio * fileSize) return problem("fileArchiveSuspicious", `${declared} bytes`);

    const names = entries.map((e) => e.fileName);
    const byName = type === "HWPX" ? hwpxNameProblem(names) : ooxmlNameProblem(names);
    if (byName) return byName;

    // Inflate every part, each stopped at its declared size (a directory that understates a part is
    // caught here), keeping only the small parts inspected below. The total is bounded by maxTotalBytes.
    const kept = new Map<string, Buffer>();
    for (const entry of entries) {
      if (entry.fileName.endsWith("/")) continue;
      const keep = type === "HWPX" ? /^Scripts\//i.test(entry.fileName) : entry.fileName === "[Content_Types].xml" || entry.fileName.endsWith(".rels");
      if (keep && entry.uncompressedSize > ZIP_LIMITS.maxInspectedPartBytes) return problem("fileArchiveSuspicious", entry.fileName);
      const data = await inflateEntry(zip, entry, keep);
      if (data === "over") return problem("fileArchiveSuspicious", entry.fileName);
      if (data) kept.set(entry.fileName, data);
    }
    if (type === "HWPX") {
      for (const [name, data] of kept) if (!/^Scripts\/.*version/i.test(name) && scriptDoesSomething(decodeText(data))) return problem("fileScript", name);
      return null;
    }
    return ooxmlProblem(kept, names);
  } finally {
    zip.close();
  }
}

/**
 * Inflates one entry with a hard limit of its declared size; returns the bytes when asked to keep
 * them. The stored (compressed) bytes are read raw and inflated by zlib directly: yauzl's inflating
 * stream costs ~15× more CPU per byte (measured, decision 014).
 */
async function inflateEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, keep: boolean): Promise<Buffer | null | "over"> {
  if (!entry.canDecodeFileData()) throw new Error("undecodable entry");
  const declared = entry.uncompressedSize;
  // yauzl accepts decompress: false only for deflated entries; stored ones are read as they are.
  const stream = await zip.openReadStreamPromise(entry, entry.compressionMethod === 0 ? {} : { decompress: false });
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  const raw = Buffer.concat(chunks);
  if (entry.compressionMethod === 0) {
    if (raw.length !== declared) return "over";
    return keep ? raw : null;
  }
  if (declared <= INFLATE_AT_ONCE_BYTES) {
    let out: Buffer;
    try {
      out = inflateRawSync(raw, { maxOutputLength: Math.max(declared, 1) });
    } catch {
      return "over"; // more than declared, or not deflate
    }
    if (out.length !== declared) return "over";
    return keep ? out : null;
  }
  // Large parts stream through zlib in big chunks, counted, never held.
  let total = 0;
  const inflater = createInflateRaw({ chunkSize: 1 << 20 });
  try {
    inflater.end(raw);
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > declared) return "over";
    }
  } catch {
    return "over";
  } finally {
    inflater.destroy();
  }
  return total === declared ? null : "over";
}
/** Parts up to this size are inflated in one call (and may be held); bigger ones stream. */
const INFLATE_AT_ONCE_BYTES = 16 * MiB;

const MACRO_EXT = /\.(docm|dotm|xlsm|xltm|xlam|xlsb|pptm|potm|ppsm|ppam|sldm)$/i;

function ooxmlNameProblem(names: string[]): ContentProblem | null {
  for (const n of names) {
    if (/(^|\/)vbaProject\.bin$/i.test(n) || /(^|\/)vbaData\.xml$/i.test(n) || /^xl\/(macrosheets|intl-macrosheets)\//i.test(n) || MACRO_EXT.test(n)) return problem("fileMacro", n);
    if (/(^|\/)activeX\//i.test(n)) return problem("fileActiveX", n);
    if (/(^|\/)embeddings\/[^/]*\.bin$/i.test(n)) return problem("fileEmbeddedObject", n);
  }
  return null;
}

function hwpxNameProblem(names: string[]): ContentProblem | null {
  for (const n of names) if (/^BinData\/[^/]*\.ole$/i.test(n)) return problem("fileEmbeddedObject", n);
  return null;
}

/** Relationship types (their last path segment, lower case) that bring active content. */
const REL_PROBLEMS: Record<string, ContentProblemKey> = {
  vbaproject: "fileMacro",
  vbaprojectsignature: "fileMacro",
  wordvbadata: "fileMacro",
  xlmacrosheet: "fileMacro",
  xlintlmacrosheet: "fileMacro",
  control: "fileActiveX",
  activexcontrolbinary: "fileActiveX",
  oleobject: "fileEmbeddedObject",
  attachedtemplate: "fileExternalLink",
};
/** Content types that mean a macro-enabled package or active parts, whatever the part is called. */
const CONTENT_TYPE_PROBLEMS: [RegExp, ContentProblemKey][] = [
  [/macroEnabled|vbaProject|vbaData|macrosheet/i, "fileMacro"],
  [/activeX/i, "fileActiveX"],
  [/oleObject/i, "fileEmbeddedObject"],
];

function ooxmlProblem(parts: Map<string, Buffer>, names: string[]): ContentProblem | null {
  const types = parts.get("[Content_Types].xml");
  if (types) {
    const xml = types.toString("utf8");
    for (const el of elements(xml, "Override")) {
      const ct = el.ContentType ?? "";
      for (const [re, key] of CONTENT_TYPE_PROBLEMS) if (re.test(ct)) return problem(key, ct);
    }
    // A Default mapping matters only when some part has that extension.
    const exts = new Set(names.map((n) => path.posix.extname(n).slice(1).toLowerCase()));
    for (const el of elements(xml, "Default")) {
      const ct = el.ContentType ?? "";
      if (!exts.has((el.Extension ?? "").toLowerCase())) continue;
      for (const [re, key] of CONTENT_TYPE_PROBLEMS) if (re.test(ct)) return problem(key, ct);
    }
  }
  for (const [name, data] of parts) {
    if (!name.endsWith(".rels")) continue;
    // word/_rels/document.xml.rels describes word/document.xml: targets are relative to word/.
    const base = path.posix.dirname(path.posix.dirname(name));
    for (const el of elements(data.toString("utf8"), "Relationship")) {
      const type = (el.Type ?? "").split("/").pop()!.toLowerCase();
      const target = el.Target ?? "";
      const external = (el.TargetMode ?? "").toLowerCase() === "external";
      const resolved = external ? target : resolveTarget(base, target);
      const key = REL_PROBLEMS[type];
      if (key) return problem(key, resolved);
      // Remote frames and sub-documents load content from elsewhere when opened (template injection).
      if (external && (type === "frame" || type === "subdocument")) return problem("fileExternalLink", target);
      // A chart's embedded workbook is fine; an embedded macro-enabled package is not.
      if (type === "package" && MACRO_EXT.test(target)) return problem("fileMacro", resolved);
    }
  }
  return null;
}

function resolveTarget(base: string, target: string): string {
  let t = target;
  try {
    t = decodeURIComponent(target);
  } catch {
    // keep as written
  }
  if (t.startsWith("/")) return path.posix.normalize(t.slice(1));
  return path.posix.normalize(path.posix.join(base === "." ? "" : base, t));
}

/** The attributes of every <prefix:Name …> element, with XML character and entity references resolved. */
function elements(xml: string, name: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  const tag = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${name}\\b([^>]*)>`, "g");
  for (const m of xml.matchAll(tag)) {
    const attrs: Record<string, string> = {};
    for (const a of m[1]!.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
      attrs[a[1]!.replace(/^.*:/, "")] = unescapeXml(a[3] ?? a[4] ?? "");
    }
    out.push(attrs);
  }
  return out;
}

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const l = e.toLowerCase();
    if (l.startsWith("#x")) return String.fromCodePoint(Math.min(parseInt(l.slice(2), 16), 0x10ffff));
    if (l.startsWith("#")) return String.fromCodePoint(Math.min(parseInt(l.slice(1), 10), 0x10ffff));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[l]!;
  });
}

// --- scripts (HWP, HWPX) ---------------------------------------------------------------------------

/**
 * Whether a Hancom script does anything: Hancom writes into every document a header binding
 * `Documents`/`Document` and empty OnDocument_* handlers. Comments, those two statements and empty
 * functions removed, any code left is a script someone wrote.
 */
export function scriptDoesSomething(text: string): boolean {
  let s = text
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/\/\/[^\r\n]*/g, " ")
    .replace(/\bvar\s+Documents\s*=\s*XHwpDocuments\s*;?/g, " ")
    .replace(/\bvar\s+Document\s*=\s*Documents\.Active_XHwpDocument\s*;?/g, " ");
  for (let prev = ""; prev !== s; ) {
    prev = s;
    s = s.replace(/\bfunction\s+[A-Za-z_$][\w$]*\s*\(\s*\)\s*\{\s*\}/g, " ");
  }
  return /[^\s;]/.test(s);
}

/** UTF-16LE when it looks like it (BOM or NULs between ASCII), else UTF-8. */
function decodeText(b: Buffer): string {
  if (b[0] === 0xff && b[1] === 0xfe) return b.subarray(2).toString("utf16le");
  const nuls = b.subarray(0, 64).filter((x) => x === 0).length;
  return nuls > 8 ? b.toString("utf16le") : b.toString("utf8").replace(/^\ufeff/, "");
}

/** HWP's DefaultJScript: (DWORD length, UTF-16LE) for header, source, pre and post source, then −1. */
function hwpScriptText(b: Buffer): string {
  const texts: string[] = [];
  let i = 0;
  while (i + 4 <= b.length) {
    const len = b.readUInt32LE(i);
    i += 4;
    if (len === 0xffffffff) return texts.join("\n");
    if (i + len * 2 > b.length) break;
    texts.push(b.subarray(i, i + len * 2).toString("utf16le"));
    i += len * 2;
  }
  // Not the layout we know: judge all of it as text, so anything unusual counts as a script.
  return b.toString("utf16le");
}

// --- HWP 5 (compound file) ------------------------------------------------------------------------

// FileHeader property bits (HWP 5.0 format, 파일 인식 정보).
const HWP_COMPRESSED = 1 << 0;
const HWP_PASSWORD = 1 << 1;
const HWP_DISTRIBUTION = 1 << 2;
const HWP_DRM = 1 << 4;
const HWP_CERT_ENCRYPTED = 1 << 8;
const HWP_CERT_DRM = 1 << 10;

async function inspectHwp(filePath: string): Promise<ContentProblem | null> {
  // The cfb library reads the whole container (uploads are at most 50 MB) and walks its chains.
  const doc = CFB.read(await readFile(filePath), { type: "buffer" });
  const entries = doc.FullPaths.map((p, i) => ({ path: p.replace(/^[^/]*\//, ""), entry: doc.FileIndex[i]! }));
  const header = entries.find((e) => e.path === "FileHeader");
  if (!header || !header.entry.content || header.entry.content.length < 40) return problem("fileArchiveSuspicious", "FileHeader");
  const flags = Buffer.from(header.entry.content as Uint8Array).readUInt32LE(36);
  if (flags & (HWP_PASSWORD | HWP_DRM | HWP_CERT_ENCRYPTED | HWP_CERT_DRM)) return problem("fileEncrypted", "FileHeader");
  if (flags & HWP_DISTRIBUTION) return problem("fileDistributionDocument", "FileHeader");
  for (const { path: p, entry } of entries) {
    if (entry.type !== 2) continue;
    if (/^BinData\/[^/]*\.ole$/i.test(p)) return problem("fileEmbeddedObject", p);
    if (/^Scripts\//i.test(p) && p !== "Scripts/JScriptVersion") {
      const raw = Buffer.from((entry.content ?? new Uint8Array()) as Uint8Array);
      let data: Buffer;
      try {
        data = flags & HWP_COMPRESSED ? inflateRawSync(raw, { maxOutputLength: MAX_SCRIPT_BYTES }) : raw;
      } catch {
        return problem("fileScript", p); // over the limit or not deflate: not the default stub
      }
      if (data.length > MAX_SCRIPT_BYTES || scriptDoesSomething(hwpScriptText(data))) return problem("fileScript", p);
    }
  }
  return null;
}

// --- PDF ------------------------------------------------------------------------------------------

// An encryption dictionary in a trailer or cross-reference stream: `/Encrypt 12 0 R` or `/Encrypt <<`.
const PDF_ENCRYPT = /\/Encrypt\s*(?:\d+\s+\d+\s+R|<<)/;
const SCAN_CHUNK = 1 << 20;
const ZIP_TAIL = 65_535 + 22 + 1024;

async function inspectPdf(filePath: string): Promise<ContentProblem | null> {
  const fh = await open(filePath, "r");
  try {
    const { size } = await fh.stat();
    // A ZIP's end record within the last 64 KiB whose central directory sits right before it:
    // lenient readers (7-Zip, unzip) open the file as an archive whatever follows it.
    const tailStart = Math.max(0, size - ZIP_TAIL);
    const tail = Buffer.alloc(size - tailStart);
    await fh.read(tail, 0, tail.length, tailStart);
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) !== 0x06054b50) continue;
      const cdSize = tail.readUInt32LE(i + 12);
      const cdStart = tailStart + i - cdSize;
      if (cdSize < 46 || cdStart < 0) continue;
      const sig = Buffer.alloc(4);
      await fh.read(sig, 0, 4, cdStart);
      if (sig.readUInt32LE(0) === 0x02014b50) return problem("filePolyglot", "ZIP");
    }
    // The whole file, in overlapping chunks, for an encryption dictionary.
    const buf = Buffer.alloc(SCAN_CHUNK + 64);
    for (let pos = 0; pos < size; pos += SCAN_CHUNK) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - pos), pos);
      if (PDF_ENCRYPT.test(buf.subarray(0, bytesRead).toString("latin1"))) return problem("fileEncrypted", "/Encrypt");
    }
    return null;
  } finally {
    await fh.close();
  }
}
