// What user text may contain, in one place (issue 11 item 9, decision 013). Pure: used by the zod
// primitives (lib/zod.ts), file names (lib/storage/file-name.ts) and mail headers (lib/mail/header.ts).

/**
 * NUL (PostgreSQL refuses it in text and jsonb), other C0/C1 controls but tab, LF and CR (they break
 * the XML of the XLSX export), U+FFFE/U+FFFF, and UTF-16 surrogates without their pair (not valid
 * UTF-8, so PostgreSQL refuses them too). Matched per code unit, hence no `u` flag.
 */
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Line breaks of every kind: a single-line value (a name, a title) never has one, and a mail header must not. */
const LINE_BREAK = /[\r\n\u000b\u000c\u0085\u2028\u2029]/;

/**
 * Bidi embeddings, overrides, isolates and marks; zero-width space, non-joiner, word joiner; BOM; and
 * the zero-width joiner except between two pictographs, where it makes one emoji (👩‍💻).
 */
const INVISIBLE = /[\u061c\u200b\u200c\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]|(?<!\p{Extended_Pictographic}[\u{1f3fb}-\u{1f3ff}\ufe0f]?)\u200d|\u200d(?!\p{Extended_Pictographic})/gu;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Line separators other than LF/CR: Word's and PowerPoint's soft line break (VT), form feed, NEL, U+2028/2029. */
const SOFT_BREAK = /[\u000b\u000c\u0085\u2028\u2029]/g;
/** Controls that pasted text carries invisibly (PDF copy-paste brings U+0002, …): all of C0/C1 but NUL, tab, LF, CR. */
const PASTED_CONTROL = /[\u0001-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g;

/**
 * Paragraph text as pasted from Word, HWP or a PDF: soft breaks become line breaks and stray controls
 * go, so an applicant is never refused for characters they cannot see. NUL and lone surrogates stay,
 * for isSafeText to refuse: they are not what a person typed.
 */
export function normalizeParagraphs(s: string): string {
  return s.replace(SOFT_BREAK, "\n").replace(PASTED_CONTROL, "");
}

export function isSafeText(s: string): boolean {
  return !UNSAFE.test(s);
}

export function hasLineBreak(s: string): boolean {
  return LINE_BREAK.test(s);
}

export function hasBidiControl(s: string): boolean {
  return BIDI.test(s);
}

/** Removes the invisible formatting characters: names and titles carry no meaning in them, only spoofing. */
export function stripInvisible(s: string): string {
  return s.replace(INVISIBLE, "");
}

/**
 * `lang` for an element showing user data (a name, a title): "ko" when it has Hangul, so a screen
 * reader on an English page reads it as Korean (WCAG 3.1.2; issue 12 item 16); otherwise the page's.
 */
export function hangulLang(text: string | null | undefined): "ko" | undefined {
  return text && /[\u1100-\u11FF\u3130-\u318F\uAC00-\uD7A3]/.test(text) ? "ko" : undefined;
}
