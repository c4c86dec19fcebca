import { isSafeText, stripInvisible } from "@/lib/text";

/**
 * A value for a mail header (subject): line breaks and control characters become spaces, so user text
 * in a subject (a consortium's name, a call's title) can never add a header. Lone surrogates go too.
 */
export function mailHeaderText(s: string): string {
  const out = [...stripInvisible(s)].map((c) => (/[\s]/.test(c) || !isSafeText(c) ? " " : c)).join("");
  return out.replace(/ {2,}/g, " ").trim();
}

/** One plain address for a To: header; anything else (a list, a display name, a line break) is refused. */
export function isPlainMailAddress(s: string): boolean {
  return /^[^\s<>,;:"()\\[\]@]+@[^\s<>,;:"()\\[\]@]+$/.test(s) && isSafeText(s);
}
