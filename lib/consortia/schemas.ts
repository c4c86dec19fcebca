import { z } from "zod";
import { emailSchema } from "@/lib/auth/schemas";
import { isValidBusinessRegNo, normalizeBusinessRegNo } from "./business-number";
import { MAX_REQUEST_KRW } from "@/lib/proposals/content";

// Consortium inputs, shared by the pages' forms and the API. Messages are keys of `fields`.

export const ORGANIZATION_TYPES = ["LARGE_ENTERPRISE", "MID_SIZED", "SME_STARTUP", "UNIVERSITY", "RESEARCH_INSTITUTE", "PUBLIC_INSTITUTION", "OTHER"] as const;
export const MEMBER_ROLES = ["OWNER", "EDITOR", "VIEWER"] as const;

const text = (max: number) => z.string({ message: "required" }).trim().min(1, "required").max(max, "tooLong");

export const businessRegNoSchema = z
  .string({ message: "required" })
  .trim()
  .max(20, "businessRegNoInvalid")
  .transform(normalizeBusinessRegNo)
  .refine(isValidBusinessRegNo, "businessRegNoInvalid");

export const organizationSchema = z.object({
  name: text(200),
  businessRegNo: businessRegNoSchema,
  type: z.enum(ORGANIZATION_TYPES, { message: "required" }),
  representativeName: text(100),
});

const share = z.number({ message: "required" }).int("integerRequired").nonnegative("mustBeNonNegative").max(MAX_REQUEST_KRW, "budgetTooLarge");

export const createConsortiumSchema = z.object({
  callSlug: z.string({ message: "required" }).trim().min(1, "required").max(80, "tooLong"),
  name: text(200),
  lead: organizationSchema,
  responsibility: z.string().trim().max(1000, "tooLong").default(""),
});

export const addOrganizationSchema = z.object({
  organization: organizationSchema,
  responsibility: z.string().trim().max(1000, "tooLong").default(""),
  budgetShareKrw: share.default(0),
});

export const updateOrganizationSchema = z.object({
  responsibility: z.string().trim().max(1000, "tooLong").optional(),
  budgetShareKrw: share.optional(),
});

export const inviteSchema = z.object({
  email: emailSchema,
  organizationId: z.uuid({ message: "required" }),
  role: z.enum(MEMBER_ROLES, { message: "required" }),
});

export const acceptInvitationSchema = z.object({ token: z.string().min(10, "TOKEN_INVALID").max(200, "TOKEN_INVALID") });
