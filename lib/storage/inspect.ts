// What is inside an accepted container (decision 014). detectFileType says what a file is; this says
// whether reviewers may open it: no zip bomb or lying archive, no macros, ActiveX, OLE objects,
// external templates or scripts, no encryption, no second file riding on a PDF. Every read is
// bounded: archives are inflated against a hard byte budget, never trusting their directory.
import { open, readFile, stat, type FileHandle } from "node:fs/promises";
import { createInflateRaw, inflateRawSync } from "node:zlib";
import path from "node:path";
import CFB from "cfb";
import { SaxesParser } from "saxes";
import yauzl from "yauzl";
import type { DetectedType } from "./file-type";

/** Field message keys (`fields` namespace); those with {found} get the part or value that was found. */
export const CONTENT_PROBLEMS = [
  "fileArchiveSuspicious",
  "fileArchiveDuplicateEntry",
  "fileMalformedPart",
  "fileImportedContent",
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
      // yauzl shows Info-ZIP's Unicode Path field (0x7075) instead of the header's name; Office and
      // Hangul read the header. A part with two names would be judged under the wrong one.
      if (entry.extraFields.some((f) => f.id === 0x7075)) {
        const raw = entry.fileNameRaw.toString(entry.generalPurposeBitFlag & 0x800 ? "utf8" : "latin1").replace(/\\/g, "/");
        if (raw !== entry.fileName) return problem("fileMalformedPart", raw);
      }
      entries.push(entry);
      declared += entry.uncompressedSize;
      if (declared > ZIP_LIMITS.maxTotalBytes) return problem("fileArchiveSuspicious", entry.fileName);
      if (entry.uncompressedSize > ZIP_LIMITS.partGraceBytes && entry.uncompressedSize > ZIP_LIMITS.maxRatio * Math.max(entry.compressedSize, 1)) {
        return problem("fileArchiveSuspicious", entry.fileName);
      }
    }
    if (declared > ZIP_LIMITS.totalGraceBytes && declared > ZIP_LIMITS.maxRatio * fileSize) return problem("fileArchiveSuspicious", `${declared} bytes`);

    // Two entries for one part: readers disagree on which one counts (Office may take the first we never judged).
    const seen = new Set<string>();
    for (const e of entries) {
      const c = canonicalName(e.fileName);
      if (seen.has(c)) return problem("fileArchiveDuplicateEntry", e.fileName);
      seen.add(c);
    }
    const names = entries.map((e) => e.fileName);
    const byName = type === "HWPX" ? hwpxNameProblem(names) : ooxmlNameProblem(names);
    if (byName) return byName;

    // Inflate every part, each stopped at its declared size (a directory that understates a part is
    // caught here), keeping only the small parts inspected below. The total is bounded by maxTotalBytes.
    const kept = new Map<string, Buffer>();
    for (const entry of entries) {
      if (entry.fileName.endsWith("/")) continue;
      const c = canonicalName(entry.fileName);
      const keep = type === "HWPX" ? c.startsWith("scripts/") || c === HWPX_MANIFEST : c === "[content_types].xml" || c.endsWith(".rels");
      if (keep && entry.uncompressedSize > ZIP_LIMITS.maxInspectedPartBytes) return problem("fileArchiveSuspicious", entry.fileName);
      const data = await inflateEntry(zip, entry, keep);
      if (data === "over") return problem("fileArchiveSuspicious", entry.fileName);
      if (data) kept.set(entry.fileName, data);
    }
    if (type === "HWPX") {
      for (const [name, data] of kept) {
        if (canonicalName(name) === HWPX_MANIFEST) {
          const found = hwpxManifestProblem(name, data);
          if (found) return found;
          continue;
        }
        if (isScriptVersion(name, data.length)) continue;
        if (data.length > MAX_SCRIPT_BYTES || scriptDoesSomething(decodeText(data))) return problem("fileScript", name);
      }
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
/**
 * How Office and Hangul match part names: ASCII case does not matter, `\\` is `/` (yauzl already
 * turns it), and a percent-encoded name is the name it encodes.
 */
function canonicalName(name: string): string {
  let n = name.replace(/\\/g, "/");
  try {
    n = decodeURIComponent(n);
  } catch {
    // keep as written
  }
  return n.replace(/^\/+/, "").toLowerCase();
}

/** Hancom's script version record is 8 bytes; anything else under that name is judged as a script. */
const isScriptVersion = (name: string, bytes: number) => name.toLowerCase() === "scripts/jscriptversion" && bytes <= 16;

/** Parts up to this size are inflated in one call (and may be held); bigger ones stream. */
const INFLATE_AT_ONCE_BYTES = 16 * MiB;

const MACRO_EXT = /\.(docm|dotm|xlsm|xltm|xlam|xlsb|pptm|potm|ppsm|ppam|sldm)$/i;

// Names are tested as Office reads them (canonicalName) and shown as written.
function ooxmlNameProblem(names: string[]): ContentProblem | null {
  for (const raw of names) {
    const n = canonicalName(raw);
    if (/(^|\/)vbaProject\.bin$/i.test(n) || /(^|\/)vbaData\.xml$/i.test(n) || /^xl\/(macrosheets|intl-macrosheets)\//i.test(n) || MACRO_EXT.test(n)) return problem("fileMacro", raw);
    if (/(^|\/)activeX\//i.test(n)) return problem("fileActiveX", raw);
    if (/(^|\/)embeddings\/[^/]*\.bin$/i.test(n)) return problem("fileEmbeddedObject", raw);
  }
  return null;
}

const HWPX_MANIFEST = "contents/content.hpf";

/**
 * The HWPX manifest says what each part is: a script or OLE object it lists elsewhere than under
 * Scripts/ (which we judge) or by an .ole name is refused, so the media type cannot hide one.
 */
function hwpxManifestProblem(name: string, data: Buffer): ContentProblem | null {
  const xml = readXml(data, ["item"]);
  if (!xml) return problem("fileMalformedPart", name);
  for (const item of xml.item) {
    const href = item.href ?? "";
    const type = item["media-type"] ?? "";
    const where = [canonicalName(href), canonicalName(`Contents/${href}`)];
    if (/javascript|ecmascript|jscript/i.test(type) && !where.some((w) => w.startsWith("scripts/"))) return problem("fileScript", href);
    if (/\bole\b|oleobject/i.test(type)) return problem("fileEmbeddedObject", href);
  }
  return null;
}

function hwpxNameProblem(names: string[]): ContentProblem | null {
  for (const n of names) if (/^BinData\/[^/]*\.ole$/i.test(canonicalName(n))) return problem("fileEmbeddedObject", n);
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
  // altChunk: Word converts the imported part (RTF, MHT, HTML, another package) when it opens the file.
  afchunk: "fileImportedContent",
};
/** Content types that mean a macro-enabled package or active parts, whatever the part is called. */
const CONTENT_TYPE_PROBLEMS: [RegExp, ContentProblemKey][] = [
  [/macroEnabled|vbaProject|vbaData|macrosheet/i, "fileMacro"],
  [/activeX/i, "fileActiveX"],
  [/oleObject/i, "fileEmbeddedObject"],
];

function ooxmlProblem(parts: Map<string, Buffer>, names: string[]): ContentProblem | null {
  const typesName = [...parts.keys()].find((n) => canonicalName(n) === "[content_types].xml");
  if (typesName) {
    const xml = readXml(parts.get(typesName)!, ["Override", "Default"]);
    if (!xml) return problem("fileMalformedPart", typesName);
    for (const el of xml.Override) {
      const ct = el.ContentType ?? "";
      for (const [re, key] of CONTENT_TYPE_PROBLEMS) if (re.test(ct)) return problem(key, ct);
    }
    // A Default mapping matters only when some part has that extension.
    const exts = new Set(names.map((n) => path.posix.extname(canonicalName(n)).slice(1)));
    for (const el of xml.Default) {
      const ct = el.ContentType ?? "";
      if (!exts.has((el.Extension ?? "").toLowerCase())) continue;
      for (const [re, key] of CONTENT_TYPE_PROBLEMS) if (re.test(ct)) return problem(key, ct);
    }
  }
  for (const [name, data] of parts) {
    if (!canonicalName(name).endsWith(".rels")) continue;
    // word/_rels/document.xml.rels describes word/document.xml: targets are relative to word/.
    const base = path.posix.dirname(path.posix.dirname(name));
    const xml = readXml(data, ["Relationship"]);
    if (!xml) return problem("fileMalformedPart", name);
    for (const el of xml.Relationship) {
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

/**
 * The attributes of every element with one of the given local names, read by a real XML parser
 * (saxes): a `>` inside a quoted value, comments, CDATA and entity references are what XML says they
 * are. Null when the part is not well-formed, declares a DTD (OPC forbids it), is in an encoding OPC
 * does not allow, or repeats an attribute under two prefixes: nothing we could read with confidence.
 */
function readXml<N extends string>(data: Buffer, names: N[]): Record<N, Record<string, string>[]> | null {
  const text = decodeXml(data);
  if (text === null) return null;
  const out = Object.fromEntries(names.map((n) => [n, []])) as unknown as Record<N, Record<string, string>[]>;
  let ok = true;
  const parser = new SaxesParser({ xmlns: false });
  parser.on("error", () => {
    ok = false;
  });
  parser.on("doctype", () => {
    ok = false;
  });
  parser.on("xmldecl", (d) => {
    if (d.encoding !== undefined && !/^utf-(8|16)$/i.test(d.encoding)) ok = false;
  });
  parser.on("opentag", (tag) => {
    const local = tag.name.replace(/^.*:/, "") as N;
    if (!names.includes(local)) return;
    const attrs: Record<string, string> = {};
    for (const [qname, value] of Object.entries(tag.attributes as Record<string, string>)) {
      const a = qname.replace(/^.*:/, "");
      if (a in attrs) ok = false;
      attrs[a] = value;
    }
    out[local].push(attrs);
  });
  try {
    parser.write(text).close();
  } catch {
    return null;
  }
  return ok ? out : null;
}

/** XML bytes as text: UTF-8, or UTF-16 when a BOM or the first character says so (OPC allows both). */
function decodeXml(b: Buffer): string | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString("utf8");
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0x3c && b[1] === 0)) return b.subarray(b[0] === 0xff ? 2 : 0).toString("utf16le");
  if ((b[0] === 0xfe && b[1] === 0xff) || (b[0] === 0 && b[1] === 0x3c)) {
    if (b.length % 2) return null;
    const le = Buffer.from(b.subarray(b[0] === 0xfe ? 2 : 0));
    le.swap16();
    return le.toString("utf16le");
  }
  return b.toString("utf8");
}

// --- scripts (HWP, HWPX) ---------------------------------------------------------------------------

/**
 * Whether a Hancom script does anything: Hancom writes into every document a header binding
 * `Documents`/`Document` and empty OnDocument_* handlers. Comments, those two statements and empty
 * functions removed, any code left is a script someone wrote.
 */
export function scriptDoesSomething(text: string): boolean {
  // JScript conditional compilation runs code written inside comments (/*@ … @*/, //@ …).
  if (CONDITIONAL_COMPILATION.test(text)) return true;
  const code = withoutComments(text);
  if (code === null) return true;
  let s = code
    .replace(/\bvar\s+Documents\s*=\s*XHwpDocuments\s*;?/g, " ")
    .replace(/\bvar\s+Document\s*=\s*Documents\.Active_XHwpDocument\s*;?/g, " ");
  // One pass: Hancom's handlers are not nested, and a nested empty function is left as code.
  s = s.replace(/\bfunction\s+[A-Za-z_$][\w$]*\s*\(\s*\)\s*\{\s*\}/g, " ");
  return /[^\s;]/.test(s);
}
const CONDITIONAL_COMPILATION = /@(?:cc_on|if|elif|else|end|set|_[A-Za-z]\w*)\b/i;
const LINE_END = /[\r\n\u2028\u2029]/g;

/**
 * The text with its comments blanked, read left to right as JScript reads it (so a `/*` inside a
 * `//` comment opens nothing). Null when the text holds something no default stub has: a string
 * (its content could look like a comment), a comment starting with `@`, or an unclosed comment.
 */
function withoutComments(text: string): string | null {
  let out = "";
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '"' || c === "'" || c === "`") return null;
    if (c === "/" && (next === "*" || next === "/")) {
      if (text[i + 2] === "@") return null;
      let end: number;
      if (next === "*") {
        end = text.indexOf("*/", i + 2);
        if (end < 0) return null;
        end += 2;
      } else {
        // A line comment ends at any line terminator JScript knows; ending early only shows more code.
        LINE_END.lastIndex = i + 2;
        end = LINE_END.exec(text) ? LINE_END.lastIndex - 1 : text.length;
      }
      out += " ";
      i = end;
      continue;
    }
    out += c;
    i++;
  }
  return out;
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
    if (/^Scripts\//i.test(p)) {
      const raw = Buffer.from((entry.content ?? new Uint8Array()) as Uint8Array);
      let data: Buffer;
      try {
        data = flags & HWP_COMPRESSED ? inflateRawSync(raw, { maxOutputLength: MAX_SCRIPT_BYTES }) : raw;
      } catch {
        return problem("fileScript", p); // over the limit or not deflate: not the default stub
      }
      if (isScriptVersion(p, data.length)) continue;
      if (data.length > MAX_SCRIPT_BYTES || scriptDoesSomething(hwpScriptText(data))) return problem("fileScript", p);
    }
  }
  return null;
}

// --- PDF ------------------------------------------------------------------------------------------

// A PDF name token starting with E, written or escaped: `/` and regular characters (not whitespace
// or delimiters); `#xx` escapes any byte. Other names are skipped by the regex, not by us (cost).
const PDF_NAME = /\/(?:E|#45)[^\x00\t\n\f\r ()<>[\]{}/%]*/g;
// The longest spelling of /Encrypt: every letter escaped (`/#45#6E…`).
const MAX_ENCRYPT_NAME = 1 + 3 * "Encrypt".length;
const SCAN_CHUNK = 1 << 20;
const SCAN_OVERLAP = 64;
// PDF whitespace (NUL included) and comments; then what an encryption value starts with: a reference or `<<`.
const PDF_GAP = /(?:[\x00\t\n\f\r ]|%[^\r\n]*)*/y;
const PDF_ENCRYPT_VALUE = /^(?:[+-]?\.?\d|<<)/;
// Whitespace and comments allowed between /Encrypt and its value before we stop reading and refuse.
const MAX_PDF_GAP = 64 * 1024;
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
    // The whole file, in overlapping chunks, for an encryption dictionary (trailer or xref stream):
    // the name /Encrypt however it is spelled, then a reference (`12 0 R`) or a dictionary (`<<`).
    const buf = Buffer.alloc(SCAN_CHUNK + SCAN_OVERLAP);
    for (let pos = 0; pos < size; pos += SCAN_CHUNK) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - pos), pos);
      const text = buf.subarray(0, bytesRead).toString("latin1");
      for (const m of text.matchAll(PDF_NAME)) {
        const end = m.index + m[0].length;
        // A name cut by the buffer's end is read whole in the next chunk (the overlap is longer than the name).
        if (m[0].length > MAX_ENCRYPT_NAME || (end === bytesRead && pos + bytesRead < size)) continue;
        const name = m[0].includes("#") ? m[0].replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : m[0];
        if (name !== "/Encrypt") continue;
        // The value after whitespace and comments, from this buffer; from the file only when the gap runs past it.
        PDF_GAP.lastIndex = end;
        PDF_GAP.exec(text);
        const after = PDF_GAP.lastIndex;
        const encrypted = after + 2 <= bytesRead || pos + bytesRead >= size ? PDF_ENCRYPT_VALUE.test(text.slice(after, after + 3)) : await pdfValueIsEncryption(fh, pos + after, size);
        if (encrypted) return problem("fileEncrypted", "/Encrypt");
      }
    }
    return null;
  } finally {
    await fh.close();
  }
}

/** Whether what follows /Encrypt (at `at`, past more whitespace and comments) is a reference or a dictionary. */
async function pdfValueIsEncryption(fh: FileHandle, at: number, size: number): Promise<boolean> {
  const window = Buffer.alloc(Math.min(MAX_PDF_GAP + 2, size - at));
  const { bytesRead } = await fh.read(window, 0, window.length, at);
  const text = window.subarray(0, bytesRead).toString("latin1");
  PDF_GAP.lastIndex = 0;
  PDF_GAP.exec(text);
  const rest = text.slice(PDF_GAP.lastIndex);
  // A gap that fills the window hides the value from us: refuse rather than guess.
  if (rest.length < 2 && at + bytesRead < size) return true;
  return PDF_ENCRYPT_VALUE.test(rest);
}
