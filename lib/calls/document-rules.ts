import { safeLine } from "@/lib/zod";
import type { DetectedType } from "@/lib/storage/file-type";

// What a call's published documents (공고문, 서식) may be. No database or Node code here: the admin's
// upload section in the browser reads the same limits.

export const CALL_DOCUMENT_KINDS = ["ANNOUNCEMENT", "FORM"] as const;
export type CallDocumentKind = (typeof CALL_DOCUMENT_KINDS)[number];

/** Hancom and PDF only: what ministries publish notices and forms in. Checked by content, not by name. */
export const CALL_DOCUMENT_TYPES: readonly DetectedType[] = ["HWP", "HWPX", "PDF"];

/** Per file; an announcement with annexes runs to a few MB, so the attachments' 20 MB limit is ample. */
export const CALL_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;

/** At most this many documents per call (a disk-filling loop stops here). */
export const MAX_CALL_DOCUMENTS = 30;

/** The accept attribute of the file input: a hint to the browser's picker only. */
export const CALL_DOCUMENT_ACCEPT = ".hwp,.hwpx,.pdf,application/pdf,application/x-hwp,application/hwp+zip";

/** The shown title; empty means "the file name without its extension". */
export const callDocumentTitleSchema = safeLine().trim().max(200, "tooLong");

/** The type's short name for lists (PDF, HWP, HWPX) from a stored media type. */
export function documentTypeLabel(mediaType: string): string {
  if (mediaType === "application/pdf") return "PDF";
  if (mediaType === "application/x-hwp") return "HWP";
  if (mediaType === "application/hwp+zip") return "HWPX";
  return mediaType;
}
