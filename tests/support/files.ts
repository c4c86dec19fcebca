// Attachment fixtures built in code (no binaries in the repo): real containers made with yazl and
// cfb, plus a few hand-made archives for what those libraries refuse to write (bombs, encryption flags).
import { crc32, constants as zc, deflateRawSync } from "node:zlib";
import CFB from "cfb";
import yazl from "yazl";

/** A small PDF with a correct xref table and trailer. */
export function pdf(text = "Hello"): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    null, // content stream, below
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  const content = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET`;
  objects[3] = `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
  let out = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

/** A real zip written by yazl; entries in the given order, `stored` names are not deflated. */
export function zip(entries: Record<string, string | Buffer>, stored: string[] = []): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const [name, data] of Object.entries(entries)) {
    z.addBuffer(Buffer.isBuffer(data) ? data : Buffer.from(data, "utf8"), name, { compress: !stored.includes(name), mtime: new Date(2025, 0, 1) });
  }
  z.end();
  return collect(z.outputStream);
}

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`;

export const docxEntries = (): Record<string, string> => ({
  "[Content_Types].xml": CONTENT_TYPES,
  "_rels/.rels": "<Relationships/>",
  "word/document.xml": `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>사업계획서</w:t></w:r></w:p></w:body></w:document>`,
});

export const xlsxEntries = (): Record<string, string> => ({
  "[Content_Types].xml": CONTENT_TYPES,
  "_rels/.rels": "<Relationships/>",
  "xl/workbook.xml": `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="예산" sheetId="1"/></sheets></workbook>`,
  "xl/worksheets/sheet1.xml": "<worksheet/>",
});

export const docx = () => zip(docxEntries());
export const xlsx = () => zip(xlsxEntries());

/** The parts of an HWPX package as Hancom writes them, `mimetype` first (stored). */
const HWPX_PARTS = {
  mimetype: "application/hwp+zip",
  "version.xml": "<hv:HCFVersion/>",
  "META-INF/container.xml": "<ocf:container/>",
  "Contents/content.hpf": "<opf:package/>",
  "Contents/section0.xml": "<hs:sec/>",
};

/** HWPX as Hancom writes it: a stored `mimetype` first, then the OPF-style package. */
export const hwpx = () => zip(HWPX_PARTS, ["mimetype"]);

function cfbOf(streams: Record<string, Buffer>): Buffer {
  const c = CFB.utils.cfb_new();
  for (const [name, data] of Object.entries(streams)) CFB.utils.cfb_add(c, name, data);
  return Buffer.from(CFB.write(c, { type: "buffer" }) as Uint8Array);
}

/** The 256-byte HWP 5.x FileHeader: signature, version 5.1.0.1, no flags. */
export function hwpFileHeader(signature = "HWP Document File"): Buffer {
  const b = Buffer.alloc(256);
  b.write(signature, 0, "latin1");
  b.writeUInt32LE(0x05010001, 32);
  return b;
}

/** An HWP 5.x compound file; `bigBinData` bytes of image data push the file past 7 MiB (DIFAT sectors). */
export function hwp(opts: { bigBinData?: number } = {}): Buffer {
  const streams: Record<string, Buffer> = {
    "/FileHeader": hwpFileHeader(),
    "/DocInfo": Buffer.alloc(600, 1),
    "/BodyText/Section0": Buffer.alloc(5000, 2),
    "/PrvText": Buffer.from("사업계획서", "utf16le"),
  };
  if (opts.bigBinData) streams["/BinData/BIN0001.jpg"] = Buffer.alloc(opts.bigBinData, 3);
  return cfbOf(streams);
}

/** A Word 97 .doc-like compound file: OLE2 magic but no HWP FileHeader. */
export const doc = () => cfbOf({ "/WordDocument": Buffer.alloc(4096, 0xec), "/1Table": Buffer.alloc(700, 4), "/\u0001CompObj": Buffer.alloc(100, 5) });

/** A compound file with a FileHeader stream whose signature is not HWP's. */
export const cfbWrongSignature = () => cfbOf({ "/FileHeader": hwpFileHeader("NOT A HWP FILE AT ALL") });

/** A PE executable's first bytes. */
export function exe(): Buffer {
  const b = Buffer.alloc(2048);
  b.write("MZ", 0, "latin1");
  b.writeUInt32LE(0x80, 0x3c);
  b.write("PE\0\0", 0x80, "latin1");
  b.write("This program cannot be run in DOS mode.", 0x4e, "latin1");
  return b;
}

/** An executable with a whole PDF embedded early on: readers that scan for %PDF- would accept it. */
export const polyglot = () => Buffer.concat([exe().subarray(0, 200), pdf()]);

// --- hand-made archives -------------------------------------------------------------------------

export interface RawEntry {
  name: string;
  /** File data exactly as stored in the archive (already deflated when method is 8). */
  data: Buffer;
  method: 0 | 8;
  crc: number;
  /** Declared uncompressed size. */
  size: number;
  flags?: number;
  /** Extra fields as written (both headers). */
  extra?: Buffer;
}

/** A minimal zip writer (no zip64) for archives whose headers must say what yazl would not. */
export function rawZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const flags = (e.flags ?? 0) | 0x800;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(flags, 6);
    lh.writeUInt16LE(e.method, 8);
    lh.writeUInt16LE(0, 10);
    lh.writeUInt16LE(0x21, 12);
    lh.writeUInt32LE(e.crc >>> 0, 14);
    lh.writeUInt32LE(e.data.length, 18);
    lh.writeUInt32LE(e.size, 22);
    lh.writeUInt16LE(name.length, 26);
    const extra = e.extra ?? Buffer.alloc(0);
    lh.writeUInt16LE(extra.length, 28);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(flags, 8);
    ch.writeUInt16LE(e.method, 10);
    ch.writeUInt16LE(0, 12);
    ch.writeUInt16LE(0x21, 14);
    ch.writeUInt32LE(e.crc >>> 0, 16);
    ch.writeUInt32LE(e.data.length, 20);
    ch.writeUInt32LE(e.size, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt16LE(extra.length, 30);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, extra, e.data);
    centrals.push(ch, name, extra);
    offset += lh.length + name.length + extra.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

/** An entry as stored or deflated, with its true size and CRC. */
export function rawEntry(name: string, content: string | Buffer, method: 0 | 8 = 8): RawEntry {
  const data = Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8");
  return { name, data: method === 8 ? deflateRawSync(data) : data, method, crc: crc32(data), size: data.length };
}

/**
 * A deflated run of `mib` MiB of zeros, built without ever holding it inflated: 1 MiB deflated with a
 * sync flush, repeated, then an empty final block. About 1 KiB of archive per MiB.
 */
export function zeroBombEntry(name: string, mib: number): RawEntry {
  const oneMiB = Buffer.alloc(1 << 20);
  const block = deflateRawSync(oneMiB, { finishFlush: zc.Z_SYNC_FLUSH, level: 9 });
  let crc = 0;
  for (let i = 0; i < mib; i++) crc = crc32(oneMiB, crc);
  const data = Buffer.concat([...Array<Buffer>(mib).fill(block), Buffer.from([0x03, 0x00])]);
  return { name, data, method: 8, crc, size: mib * (1 << 20) };
}

// --- active content (issue 11 item 16) ------------------------------------------------------------

const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const MS_REL = "http://schemas.microsoft.com/office/2006/relationships";
export const REL_TYPES = {
  vbaProject: `${MS_REL}/vbaProject`,
  xlMacrosheet: `${MS_REL}/xlMacrosheet`,
  control: `${REL}/control`,
  oleObject: `${REL}/oleObject`,
  attachedTemplate: `${REL}/attachedTemplate`,
  package: `${REL}/package`,
  hyperlink: `${REL}/hyperlink`,
  aFChunk: `${REL}/aFChunk`,
  image: `${REL}/image`,
};

/** A .rels part listing the given relationships. */
export function rels(list: { type: string; target: string; external?: boolean }[]): string {
  const items = list.map((r, i) => `<Relationship Id="rId${i + 1}" Type="${r.type}" Target="${r.target}"${r.external ? ' TargetMode="External"' : ""}/>`);
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items.join("")}</Relationships>`;
}

/** [Content_Types].xml with the given overrides. */
export function contentTypes(overrides: Record<string, string> = {}, defaults: Record<string, string> = {}): string {
  const d = Object.entries({ xml: "application/xml", rels: "application/vnd.openxmlformats-package.relationships+xml", ...defaults }).map(([e, t]) => `<Default Extension="${e}" ContentType="${t}"/>`);
  const o = Object.entries(overrides).map(([p, t]) => `<Override PartName="${p}" ContentType="${t}"/>`);
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${d.join("")}${o.join("")}</Types>`;
}

/** Hancom's script stream layout: (DWORD length, UTF-16LE text) for header, source, pre and post, then −1. */
export function hwpScriptStream(source: string, header = "var Documents = XHwpDocuments;\r\nvar Document = Documents.Active_XHwpDocument;\r\n"): Buffer {
  const part = (s: string) => {
    const len = Buffer.alloc(4);
    len.writeUInt32LE(s.length);
    return Buffer.concat([len, Buffer.from(s, "utf16le")]);
  };
  return Buffer.concat([part(header), part(source), part(""), part(""), Buffer.from([0xff, 0xff, 0xff, 0xff])]);
}

/** The empty event handlers Hancom writes into every document's script stream. */
export const DEFAULT_HWP_SCRIPT = "function OnDocument_New()\r\n{\r\n\t\r\n}\r\n\r\nfunction OnDocument_Open()\r\n{\r\n\t\r\n}\r\n\r\n";
/** A script JScript runs from inside comments (conditional compilation). */
export const CC_ON_SCRIPT = '/*@cc_on @*/ /*@ new ActiveXObject("WScript.Shell").Run("calc") @*/';
export const HOSTILE_SCRIPT = 'function OnDocument_Open()\r\n{\r\n\tvar s = new ActiveXObject("WScript.Shell");\r\n\ts.Run("cmd /c calc.exe");\r\n}\r\n';

/**
 * An HWP 5.x compound file with Hancom's usual streams. `flags` is FileHeader's property word (bit 0
 * compressed: every stream but FileHeader is raw deflate; bit 1 password; bit 2 distribution document).
 */
export function hwpWith(opts: { flags?: number; script?: string; extra?: Record<string, Buffer> } = {}): Buffer {
  const flags = opts.flags ?? 1;
  const pack = (b: Buffer) => (flags & 1 ? deflateRawSync(b) : b);
  const header = hwpFileHeader();
  header.writeUInt32LE(flags, 36);
  const streams: Record<string, Buffer> = {
    "/FileHeader": header,
    "/DocInfo": pack(Buffer.alloc(600, 1)),
    "/BodyText/Section0": pack(Buffer.alloc(5000, 2)),
    "/PrvText": Buffer.from("사업계획서", "utf16le"),
    "/Scripts/DefaultJScript": pack(hwpScriptStream(opts.script ?? DEFAULT_HWP_SCRIPT)),
    "/Scripts/JScriptVersion": pack(Buffer.from([0, 0, 0, 0, 1, 0, 0, 0])),
  };
  for (const [name, data] of Object.entries(opts.extra ?? {})) streams[name] = pack(data);
  return cfbOf(streams);
}

/** HWPX with Hancom's script parts (headerScripts, sourceScripts). */
export const hwpxWith = (extra: Record<string, string | Buffer> = {}) =>
  zip(
    {
      ...HWPX_PARTS,
      "Scripts/headerScripts": "var Documents = XHwpDocuments;\r\nvar Document = Documents.Active_XHwpDocument;\r\n",
      "Scripts/sourceScripts": DEFAULT_HWP_SCRIPT,
      ...extra,
    },
    ["mimetype"],
  );

/** A PDF whose trailer names an /Encrypt dictionary (as a password-protected PDF's does). */
export function encryptedPdf(name = "/Encrypt"): Buffer {
  const base = pdf("secret").toString("latin1");
  return Buffer.from(base.replace("/Root 1 0 R >>", `/Root 1 0 R ${name} 6 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] >>`), "latin1");
}

/** A DOCX with two `[Content_Types].xml` entries: `first` (e.g. macro-enabled), then a harmless one. */
export function duplicateContentTypesDocx(first: string): Buffer {
  const rest = Object.entries(docxEntries()).filter(([n]) => n !== "[Content_Types].xml").map(([n, c]) => rawEntry(n, c));
  return rawZip([rawEntry("[Content_Types].xml", first), rawEntry("[Content_Types].xml", contentTypes()), ...rest]);
}

/** Info-ZIP's Unicode Path extra field (0x7075): zip readers that honour it show `unicodeName` instead of `rawName`. */
export function unicodePathExtra(rawName: string, unicodeName: string): Buffer {
  const u = Buffer.from(unicodeName, "utf8");
  const b = Buffer.alloc(4 + 5 + u.length);
  b.writeUInt16LE(0x7075, 0);
  b.writeUInt16LE(5 + u.length, 2);
  b.writeUInt8(1, 4);
  b.writeUInt32LE(crc32(Buffer.from(rawName, "utf8")) >>> 0, 5);
  u.copy(b, 9);
  return b;
}
