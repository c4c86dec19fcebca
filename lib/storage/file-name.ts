// The client's file name is kept only as display metadata (storage keys are server-generated), but it
// is still shown to reviewers and sent back in Content-Disposition, so it must be a plain name.
import { AppError } from "@/lib/errors";
import { hasBidiControl, isSafeText, stripInvisible } from "@/lib/text";
import { EXTENSIONS, type DetectedType } from "./file-type";

const MAX_CHARS = 200;
const MAX_UTF8_BYTES = 255;

// C0/C1 controls and DEL; bidi overrides/isolates, which can make "exe.pdf" display as "pdf.exe".
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

function invalid(): AppError {
  return new AppError("VALIDATION_FAILED", { fields: { file: "fileNameInvalid" } });
}

/**
 * NFC-normalises and checks a client-supplied file name. Names with path separators, NUL/control or
 * bidi-control characters, lone surrogates, or that are empty, "." or "..", are refused (not silently
 * rewritten). Zero-width characters are dropped: invisible, they only make two names look alike.
 * Over-long names are shortened in the stem, keeping the extension, to ≤ 200 characters and ≤ 255
 * UTF-8 bytes.
 */
export function sanitizeFileName(raw: string): string {
  if (FORBIDDEN.test(raw) || hasBidiControl(raw) || !isSafeText(raw)) throw invalid();
  const name = stripInvisible(raw).normalize("NFC").trim();
  if (!name || name === "." || name === ".." || name.includes("/") || name.includes("\\")) {
    throw invalid();
  }
  return fitLength(name);
}

function fits(s: string): boolean {
  return [...s].length <= MAX_CHARS && Buffer.byteLength(s, "utf8") <= MAX_UTF8_BYTES;
}

function fitLength(name: string): string {
  if (fits(name)) return name;
  const dot = name.lastIndexOf(".");
  const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : "";
  // Cut whole graphemes so a name never ends in half a character or a broken emoji sequence.
  let stem = "";
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(name.slice(0, name.length - ext.length))) {
    if (!fits(stem + segment + ext)) break;
    stem += segment;
  }
  stem = stem.trimEnd();
  if (!stem) throw invalid();
  return stem + ext;
}

/** Whether the name's extension (case-insensitive) is one of the detected type's extensions. */
export function extensionMatches(name: string, type: DetectedType): boolean {
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return false;
  return EXTENSIONS[type].includes(name.slice(dot).toLowerCase());
}
