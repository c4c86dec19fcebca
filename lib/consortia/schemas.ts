import { safeLine, safeParagraphs, safeText, z } from "@/lib/zod";
import { emailSchema } from "@/lib/auth/schemas";
import { isValidBusinessRegNo, normalizeBusinessRegNo } from "./business-number";
import { MAX_REQUEST_KRW } from "@/lib/proposals/content";
import { amountNumber } from "@/lib/amounts";

// Consortium inputs, shared by the pages' forms and the API. Messages are keys of `fields`.

export const ORGANIZATION_TYPES = ["LARGE_ENTERPRISE", "MID_SIZED", "SME_STARTUP", "UNIVERSITY", "RESEARCH_INSTITUTE", "PUBLIC_INSTITUTION", "OTHER"] as const;
export const MEMBER_ROLES = ["OWNER", "EDITOR", "VIEWER"] as const;

const text = (max: number) => safeLine().trim().min(1, "required").max(max, "tooLong");
const longText = (max: number) => safeParagraphs().trim().max(max, "tooLong");

export const businessRegNoSchema = safeText()
  .trim()
  .max(20, "businessRegNoInvalid")
  .transform(normalizeBusinessRegNo)
  .refine(isValidBusinessRegNo, "businessRegNoInvalid");

export const organizationSchema = z.strictObject({
  name: text(200),
  businessRegNo: businessRegNoSchema,
  type: z.enum(ORGANIZATION_TYPES),
  representativeName: text(100),
});

/** A budget share: the lead's (at creation) and each participant's, validated alike. */
const share = amountNumber().int("integerRequired").nonnegative("mustBeNonNegative").max(MAX_REQUEST_KRW, "budgetTooLarge");

export const createConsortiumSchema = z.strictObject({
  callSlug: safeText().trim().min(1, "required").max(80, "tooLong"),
  name: text(200),
  lead: organizationSchema,
  responsibility: longText(1000).default(""),
  /** The lead organisation's own budget share; optional (0 until set), like a participant's. */
  budgetShareKrw: share.default(0),
});

export const addOrganizationSchema = z.strictObject({
  organization: organizationSchema,
  responsibility: longText(1000).default(""),
  budgetShareKrw: share.default(0),
});

export const updateOrganizationSchema = z.strictObject({
  responsibility: longText(1000).optional(),
  budgetShareKrw: share.optional(),
});

export const inviteSchema = z.strictObject({
  email: emailSchema,
  organizationId: z.uuid(),
  role: z.enum(MEMBER_ROLES),
});

export const acceptInvitationSchema = z.strictObject({ token: safeText().min(10, "TOKEN_INVALID").max(200, "TOKEN_INVALID") });
