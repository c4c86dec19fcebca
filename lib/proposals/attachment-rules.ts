import type { AttachmentKind } from "@/lib/calls/rules";
import type { DetectedType } from "@/lib/storage/file-type";

const MiB = 1024 * 1024;

/**
 * What each kind of attachment may be and how big. Limits are set on purpose: a business plan with
 * figures runs to tens of MB as PDF; the rest are short documents. The upload route enforces them
 * while streaming (nothing over the limit is kept).
 */
export const ATTACHMENT_RULES: Record<AttachmentKind, { types: DetectedType[]; maxBytes: number; multiple: boolean }> = {
  BUSINESS_PLAN: { types: ["PDF", "HWP", "HWPX", "DOCX"], maxBytes: 50 * MiB, multiple: false },
  CONSORTIUM_AGREEMENT: { types: ["PDF", "HWP", "HWPX"], maxBytes: 20 * MiB, multiple: false },
  BUDGET_PLAN: { types: ["XLSX", "PDF", "HWP", "HWPX"], maxBytes: 20 * MiB, multiple: false },
  PARTICIPATION_CONFIRMATION: { types: ["PDF"], maxBytes: 10 * MiB, multiple: true },
  OTHER: { types: ["PDF", "HWP", "HWPX", "DOCX", "XLSX"], maxBytes: 20 * MiB, multiple: true },
};

/** At most this many current files of a kind that allows several. */
export const MAX_FILES_PER_KIND = 10;

/**
 * The most a draft's current attachments may hold in all (decision 014): the five kinds' single-file
 * limits plus a few confirmations fit, a disk-filling loop of 50 MB uploads does not.
 */
export const DRAFT_QUOTA_BYTES = 200 * MiB;
