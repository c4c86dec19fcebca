// Content-based type detection for uploaded attachments. The client's file name and Content-Type are
// never trusted; only what this module reads from the stored bytes decides the type.
import { open, type FileHandle } from "node:fs/promises";
import yauzl from "yauzl";

export type DetectedType = "PDF" | "HWP" | "HWPX" | "DOCX" | "XLSX";

export const MEDIA_TYPES: Record<DetectedType, string> = {
  PDF: "application/pdf",
  HWP: "application/x-hwp",
  HWPX: "application/hwp+zip",
  DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export const EXTENSIONS: Record<DetectedType, string[]> = {
  PDF: [".pdf"],
  HWP: [".hwp"],
  HWPX: [".hwpx"],
  DOCX: [".docx"],
  XLSX: [".xlsx"],
};

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
// Acrobat looks for the header in the first 1024 bytes and for %%EOF in the last 1024.
const PDF_WINDOW = 1024;
// A bound on the directory walk only; the inspection (inspect.ts) refuses far fewer, with a reason.
const MAX_ZIP_ENTRIES = 65_535;
const MAX_MIMETYPE_BYTES = 256;

/** The type the file's content shows, or null for anything else (including corrupt, encrypted or ambiguous files). */
export async function detectFileType(filePath: string): Promise<DetectedType | null> {
  const fh = await open(filePath, "r");
  try {
    const { size } = await fh.stat();
    const head = await readAt(fh, 0, Math.min(size, PDF_WINDOW));
    if (startsWith(head, ZIP_MAGIC)) return await detectZip(filePath);
    if (startsWith(head, CFB_MAGIC)) return (await isHwp5(fh, size)) ? "HWP" : null;
    // A PDF that is also a readable ZIP (an archive appended, its end record last) is a polyglot.
    if (await isPdf(fh, head, size)) return (await opensAsZip(filePath)) ? null : "PDF";
    return null;
  } catch {
    // A container we cannot read is not one we accept.
    return null;
  } finally {
    await fh.close();
  }
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

function startsWith(buf: Buffer, magic: Buffer): boolean {
  return buf.length >= magic.length && buf.subarray(0, magic.length).equals(magic);
}

// --- PDF ---------------------------------------------------------------------------------------

// Leniency: the header may follow whitespace or a UTF-8 BOM (some generators emit them) but no other
// bytes, so an executable or archive with "%PDF-" embedded after its own header is refused.
// %%EOF must appear in the last 1024 bytes: this refuses truncated uploads while tolerating the
// trailing junk some producers append.
async function isPdf(fh: FileHandle, head: Buffer, size: number): Promise<boolean> {
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  while (i < head.length && [0x09, 0x0a, 0x0c, 0x0d, 0x20].includes(head[i]!)) i++;
  if (!/^%PDF-[12]\.\d/.test(head.subarray(i, i + 8).toString("latin1"))) return false;
  const tailStart = Math.max(0, size - PDF_WINDOW);
  const tail = await readAt(fh, tailStart, size - tailStart);
  return tail.includes("%%EOF", 0, "latin1");
}

/** Whether a ZIP reader finds a valid end record (within the last 64 KiB) and opens the file. */
async function opensAsZip(filePath: string): Promise<boolean> {
  try {
    const zip = await yauzl.openPromise(filePath, { lazyEntries: true, autoClose: false });
    zip.close();
    return true;
  } catch {
    return false;
  }
}

// --- ZIP family: DOCX, XLSX, HWPX --------------------------------------------------------------

// Only the central directory is read (names and sizes). The one entry whose content is read is a
// tiny `mimetype`, capped by its declared size, which yauzl enforces while inflating.
async function detectZip(filePath: string): Promise<DetectedType | null> {
  // yauzl opens and closes its own descriptor: it closes it once its last stream ends, so it must not share ours.
  const zip = await yauzl.openPromise(filePath, {
    lazyEntries: true,
    autoClose: false,
    decodeStrings: true,
    validateEntrySizes: true,
    strictFileNames: false,
  });
  try {
    if (zip.entryCount > MAX_ZIP_ENTRIES) return null;
    const names = new Set<string>();
    let hwpMimetype = false;
    for await (const entry of zip.eachEntry()) {
      // Password-protected parts cannot be opened by reviewers anyway.
      if (entry.isEncrypted()) return null;
      names.add(entry.fileName);
      if (
        entry.fileName === "mimetype" &&
        entry.uncompressedSize <= MAX_MIMETYPE_BYTES &&
        entry.compressedSize <= 4 * MAX_MIMETYPE_BYTES &&
        entry.canDecodeFileData()
      ) {
        hwpMimetype = (await readSmallEntry(zip, entry)).trim() === MEDIA_TYPES.HWPX;
      }
    }
    // Macros, ActiveX and the like are the inspection's to refuse, naming what it found (inspect.ts).
    const found: DetectedType[] = [];
    if (hwpMimetype || names.has("Contents/content.hpf")) found.push("HWPX");
    if (names.has("[Content_Types].xml") && names.has("word/document.xml")) found.push("DOCX");
    if (names.has("[Content_Types].xml") && names.has("xl/workbook.xml")) found.push("XLSX");
    // A package claiming two formats is a polyglot, not a document.
    return found.length === 1 ? found[0]! : null;
  } finally {
    zip.close();
  }
}

async function readSmallEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string> {
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > MAX_MIMETYPE_BYTES) throw new Error("mimetype entry too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("latin1");
}

// --- OLE2 / CFB: HWP 5.x ------------------------------------------------------------------------

// A minimal Compound File reader (MS-CFB): it reads the header, the FAT sectors it needs, the
// directory and 32 bytes of the FileHeader stream, a few KiB in all, instead of loading the whole
// file as a general CFB library does. Every chain walk is bounded by the file's sector count.
const HWP_SIGNATURE = Buffer.from("HWP Document File", "latin1");
const ENDOFCHAIN = 0xfffffffe;
const MAX_REGSECT = 0xfffffffa;
const NOSTREAM = 0xffffffff;
const HEADER_DIFAT_ENTRIES = 109;
const MAX_DIRECTORY_BYTES = 1 << 20;

async function isHwp5(fh: FileHandle, fileSize: number): Promise<boolean> {
  const header = await readAt(fh, 0, 512);
  if (header.length < 512 || header.readUInt16LE(28) !== 0xfffe) return false;
  const major = header.readUInt16LE(26);
  const shift = header.readUInt16LE(30);
  if (!((major === 3 && shift === 9) || (major === 4 && shift === 12)) || header.readUInt16LE(32) !== 6) return false;
  const sectorSize = 1 << shift;
  const sectorCount = Math.ceil((fileSize - sectorSize) / sectorSize); // sectors after the header
  if (sectorCount <= 0) return false;
  const perSector = sectorSize / 4;
  const miniCutoff = header.readUInt32LE(56);
  const sectorOffset = (sector: number) => (sector + 1) * sectorSize;
  const validSector = (s: number) => s <= MAX_REGSECT && s < sectorCount;

  // FAT sector locations: 109 in the header, the rest in the DIFAT chain (read lazily).
  const difat: number[] = [];
  for (let i = 0; i < HEADER_DIFAT_ENTRIES; i++) difat.push(header.readUInt32LE(76 + i * 4));
  let nextDifatSector = header.readUInt32LE(68);
  let difatHops = 0;
  async function fatSectorLocation(index: number): Promise<number> {
    while (index >= difat.length) {
      if (!validSector(nextDifatSector) || ++difatHops > sectorCount) throw new Error("bad DIFAT");
      const buf = await readAt(fh, sectorOffset(nextDifatSector), sectorSize);
      if (buf.length < sectorSize) throw new Error("short DIFAT sector");
      for (let i = 0; i < perSector - 1; i++) difat.push(buf.readUInt32LE(i * 4));
      nextDifatSector = buf.readUInt32LE(sectorSize - 4);
    }
    return difat[index]!;
  }
  const fatCache = new Map<number, Buffer>();
  async function nextSector(sector: number): Promise<number> {
    const index = Math.floor(sector / perSector);
    let fat = fatCache.get(index);
    if (!fat) {
      const loc = await fatSectorLocation(index);
      if (!validSector(loc)) throw new Error("bad FAT location");
      fat = await readAt(fh, sectorOffset(loc), sectorSize);
      if (fat.length < sectorSize) throw new Error("short FAT sector");
      fatCache.set(index, fat);
    }
    return fat.readUInt32LE((sector % perSector) * 4);
  }

  // The directory: a chain of 128-byte entries; entry 0 is the root.
  const dirSectors: Buffer[] = [];
  let s = header.readUInt32LE(48);
  while (s !== ENDOFCHAIN) {
    if (!validSector(s) || dirSectors.length >= sectorCount || dirSectors.length * sectorSize >= MAX_DIRECTORY_BYTES) return false;
    const buf = await readAt(fh, sectorOffset(s), sectorSize);
    if (buf.length < sectorSize) return false;
    dirSectors.push(buf);
    s = await nextSector(s);
  }
  const directory = Buffer.concat(dirSectors);
  const entryCount = directory.length / 128;
  const entry = (id: number) => directory.subarray(id * 128, id * 128 + 128);
  const nameOf = (e: Buffer) => {
    const len = e.readUInt16LE(64);
    return len >= 2 && len <= 64 ? e.subarray(0, len - 2).toString("utf16le") : "";
  };
  if (entryCount < 1 || entry(0)[66] !== 5) return false;

  // FileHeader sits in the root storage's red-black tree; walk it with a visited set.
  let fileHeader: Buffer | undefined;
  const stack = [entry(0).readUInt32LE(76)];
  const seen = new Set<number>();
  while (stack.length) {
    const id = stack.pop()!;
    if (id === NOSTREAM) continue;
    if (id >= entryCount || seen.has(id)) return false;
    seen.add(id);
    const e = entry(id);
    if (e[66] === 2 && nameOf(e) === "FileHeader") {
      fileHeader = e;
      break;
    }
    stack.push(e.readUInt32LE(68), e.readUInt32LE(72));
  }
  if (!fileHeader) return false;
  const streamSize = Number(fileHeader.readBigUInt64LE(120) & 0xffffffffn);
  if (streamSize < HWP_SIGNATURE.length) return false;
  const start = fileHeader.readUInt32LE(116);

  let offset: number;
  if (streamSize >= miniCutoff) {
    if (!validSector(start)) return false;
    offset = sectorOffset(start);
  } else {
    // Small streams live in the mini stream (64-byte mini sectors) carried by the root's chain; the
    // first mini sector holds the signature, so only its position in that chain is needed.
    const miniOffset = start * 64;
    const miniStreamSize = Number(entry(0).readBigUInt64LE(120) & 0xffffffffn);
    const hops = Math.floor(miniOffset / sectorSize);
    if (miniOffset + HWP_SIGNATURE.length > miniStreamSize || hops >= sectorCount) return false;
    let sector = entry(0).readUInt32LE(116);
    for (let i = 0; i < hops; i++) {
      if (!validSector(sector)) return false;
      sector = await nextSector(sector);
    }
    if (!validSector(sector)) return false;
    offset = sectorOffset(sector) + (miniOffset % sectorSize);
  }
  const sig = await readAt(fh, offset, HWP_SIGNATURE.length);
  return sig.equals(HWP_SIGNATURE);
}
