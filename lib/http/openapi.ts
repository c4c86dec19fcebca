import { z } from "@/lib/zod";
import { createAccessTokenSchema, createStaffUserSchema, forgotPasswordSchema, registerSchema, resetPasswordSchema, tokenSchema, updateUserSchema } from "@/lib/auth/schemas";
import { createCallSchema, updateCallSchema } from "@/lib/calls/admin-calls";
import { grantExtensionSchema } from "@/lib/calls/grant-extension";
import { verifyChainSchema } from "@/lib/audit/list";
import { acceptInvitationSchema, addOrganizationSchema, createConsortiumSchema, inviteSchema, updateOrganizationSchema } from "@/lib/consortia/schemas";
import { proposalDraftSchema } from "@/lib/proposals/content";
import { createProposalSchema } from "@/lib/proposals/create-proposal";
import { submitSchema } from "@/lib/proposals/submit-proposal";
import { assignSchema, autoAssignSchema } from "@/lib/reviews/assign";
import { declarationSchema, declareConflictSchema } from "@/lib/reviews/reviewer";
import { ERROR_STATUS } from "@/lib/errors";

// GET /api/v1/openapi.json (DESIGN §7). Request bodies come from the same zod schemas the services
// parse with (z.toJSONSchema), so the description cannot drift from what the server accepts.

type Method = "get" | "post" | "put" | "patch" | "delete";
interface Op {
  summary: string;
  tag: string;
  body?: z.ZodType;
  multipart?: boolean;
  /** Text parts a multipart body may carry besides "file". */
  multipartFields?: string[];
  auth?: "none" | "user" | "admin";
  headers?: string[];
  query?: string[];
  status?: number;
}

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" });

export const API: Record<string, Partial<Record<Method, Op>>> = {
  "/api/v1/health": { get: { summary: "Database and admission-line check (503 when the database is down or the line is saturated)", tag: "system", auth: "none" } },
  "/api/v1/time": { get: { summary: "The server's time (countdowns use it, never the browser clock)", tag: "system", auth: "none" } },
  "/api/v1/openapi.json": { get: { summary: "This document", tag: "system", auth: "none" } },
  "/api/v1/calls": { get: { summary: "Calls with their state", tag: "calls", auth: "none" } },
  "/api/v1/calls/{slug}": { get: { summary: "One call with its 문의처 and published documents (공고문, 서식)", tag: "calls", auth: "none" } },
  "/api/v1/calls/{slug}/documents/{docId}": { get: { summary: "Download a call's 공고문 or 서식 (always an attachment with its original name)", tag: "calls", auth: "none" } },
  "/api/v1/register": { post: { summary: "Register an applicant; a verification mail is sent. `consents` carries the versions of the terms and the privacy consent accepted (the current ones, or 422 CONSENT_OUTDATED; decision 019)", tag: "accounts", auth: "none", body: registerSchema, status: 201 } },
  "/api/v1/verify": { post: { summary: "Verify an e-mail address with the mailed token", tag: "accounts", auth: "none", body: tokenSchema } },
  "/api/v1/password/forgot": { post: { summary: "Mail a password-reset link", tag: "accounts", auth: "none", body: forgotPasswordSchema, status: 202 } },
  "/api/v1/password/reset": { post: { summary: "Set a new password with a reset or invitation token", tag: "accounts", auth: "none", body: resetPasswordSchema } },
  "/api/v1/sign-in-link": { post: { summary: "Mail a one-time sign-in link (works while password sign-in is throttled)", tag: "accounts", auth: "none", body: forgotPasswordSchema, status: 202 } },
  "/api/v1/me": { get: { summary: "Who the request acts for", tag: "accounts" } },
  "/api/v1/me/sign-out-everywhere": { post: { summary: "End every session and revoke every personal access token", tag: "accounts" } },
  "/api/v1/me/tokens": {
    get: { summary: "Your personal access tokens (session only)", tag: "accounts" },
    post: { summary: "Create a personal access token; shown once (session only)", tag: "accounts", body: createAccessTokenSchema, status: 201 },
  },
  "/api/v1/me/tokens/{id}": { delete: { summary: "Revoke one of your tokens (session only)", tag: "accounts" } },
  "/api/v1/consortia": {
    get: { summary: "Your consortia", tag: "consortia" },
    post: { summary: "Form a consortium for a call; you act for its lead organisation as OWNER", tag: "consortia", body: createConsortiumSchema, status: 201 },
  },
  "/api/v1/consortia/{id}": { get: { summary: "A consortium: organisations, confirmations, members, invitations", tag: "consortia" } },
  "/api/v1/consortia/{id}/organizations": { post: { summary: "Add a participating organisation (OWNER)", tag: "consortia", body: addOrganizationSchema, status: 201 } },
  "/api/v1/consortia/{id}/organizations/{orgId}": {
    patch: { summary: "Change an organisation's part or budget share (OWNER)", tag: "consortia", body: updateOrganizationSchema },
    delete: { summary: "Remove a participating organisation (OWNER)", tag: "consortia" },
  },
  "/api/v1/consortia/{id}/organizations/{orgId}/confirm": { post: { summary: "Confirm your organisation's participation and share", tag: "consortia" } },
  "/api/v1/consortia/{id}/invitations": { post: { summary: "Invite a person by e-mail (OWNER)", tag: "consortia", body: inviteSchema, status: 201 } },
  "/api/v1/consortia/{id}/invitations/{invitationId}": { delete: { summary: "Revoke a pending invitation (OWNER)", tag: "consortia" } },
  "/api/v1/invitations/accept": { post: { summary: "Accept an invitation with the mailed token", tag: "consortia", body: acceptInvitationSchema } },
  "/api/v1/proposals": { post: { summary: "Open the consortium's one proposal (OWNER)", tag: "proposals", body: createProposalSchema, status: 201 } },
  "/api/v1/proposals/{id}": {
    get: { summary: "The draft, attachments, versions and readiness; ETag = draft version", tag: "proposals" },
    patch: { summary: "Save the whole draft; If-Match with the draft version (stale → 409 VERSION_CONFLICT)", tag: "proposals", body: z.object({ draft: proposalDraftSchema }), headers: ["If-Match"] },
  },
  "/api/v1/proposals/{id}/attachments": { post: { summary: "Upload an attachment (multipart, one part named file); type checked by content", tag: "proposals", multipart: true, query: ["kind"], status: 201 } },
  "/api/v1/proposals/{id}/attachments/{attachmentId}": {
    get: { summary: "Download an attachment (X-Content-SHA256)", tag: "proposals" },
    delete: { summary: "Take an attachment off the draft (the file stays for versions)", tag: "proposals" },
  },
  "/api/v1/proposals/{id}/submit": { post: { summary: "Submit: a new immutable version and its receipt; Idempotency-Key makes retries safe", tag: "proposals", body: submitSchema, headers: ["Idempotency-Key"], status: 201 } },
  "/api/v1/proposals/{id}/versions/{n}": { get: { summary: "A submitted version: SHA-256 of its RFC 8785 canonical JSON is the receipt's hash", tag: "proposals" } },
  "/api/v1/proposals/{id}/withdraw": { post: { summary: "Withdraw before the cutoff (OWNER)", tag: "proposals" } },
  "/api/v1/review/assignments": { get: { summary: "Your review assignments (REVIEWER)", tag: "reviews" } },
  "/api/v1/review/assignments/{id}": {
    get: { summary: "The assigned proposal's last submitted version, the rubric and your review", tag: "reviews" },
    put: { summary: "Save your scores; submit: true needs every criterion and a comment", tag: "reviews", body: z.object({ scores: z.record(z.string(), z.number().int()), comment: z.string(), submit: z.boolean().optional() }) },
  },
  "/api/v1/review/assignments/{id}/declaration": { post: { summary: "Sign the conflict-of-interest and confidentiality declaration", tag: "reviews", body: declarationSchema } },
  "/api/v1/review/assignments/{id}/conflict": { post: { summary: "Declare a conflict of interest (ends the assignment)", tag: "reviews", body: declareConflictSchema } },
  "/api/v1/review/assignments/{id}/reviews": { get: { summary: "Other reviewers' submitted reviews, once yours is submitted", tag: "reviews" } },
  "/api/v1/review/assignments/{id}/attachments/{attachmentId}": { get: { summary: "Download an attachment of the version under review", tag: "reviews" } },
  "/api/v1/review/assignments/{id}/attachments/{attachmentId}/inline": { get: { summary: "A PDF attachment of the version under review, for display in the portal's viewer page (other types stay downloads)", tag: "reviews" } },
  "/api/v1/admin/users": {
    get: { summary: "Users (search with ?q=)", tag: "admin", auth: "admin", query: ["q"] },
    post: { summary: "Create a reviewer or admin (invitation mail)", tag: "admin", auth: "admin", body: createStaffUserSchema, status: 201 },
  },
  "/api/v1/admin/users/{id}": { patch: { summary: "Change roles, disable or enable", tag: "admin", auth: "admin", body: updateUserSchema } },
  "/api/v1/admin/outbox": { get: { summary: "The mail outbox", tag: "admin", auth: "admin", query: ["to", "take"] } },
  "/api/v1/admin/calls": {
    post: { summary: "Create a call", tag: "admin", auth: "admin", body: createCallSchema, status: 201 },
    patch: { summary: "Edit a call named by id in the body (moving closesAt after submissions needs confirmCutoffChange)", tag: "admin", auth: "admin", body: z.object({ id: z.string() }).loose() },
  },
  "/api/v1/admin/calls/{id}": { patch: { summary: "Edit a call", tag: "admin", auth: "admin", body: updateCallSchema } },
  "/api/v1/admin/calls/{id}/documents": {
    post: {
      summary: "Publish a 공고문 or 서식 with the call (multipart: file, optional title); HWP, HWPX or PDF by content, ≤ 20 MB",
      tag: "admin",
      auth: "admin",
      multipart: true,
      multipartFields: ["title"],
      query: ["kind"],
      status: 201,
    },
  },
  "/api/v1/admin/calls/{id}/documents/{docId}": { delete: { summary: "Take a published document off the call", tag: "admin", auth: "admin" } },
  "/api/v1/admin/calls/{id}/ranking": { get: { summary: "Review aggregates and ranking", tag: "admin", auth: "admin", query: ["approach", "disagreementOnly", "sort"] } },
  "/api/v1/admin/extensions": { post: { summary: "Extend one consortium's cutoff, with a reason", tag: "admin", auth: "admin", body: grantExtensionSchema, status: 201 } },
  "/api/v1/admin/audit": { get: { summary: "Audit events, newest first (filters: actor, action prefix, entity, time range)", tag: "admin", auth: "admin", query: ["actorEmail", "actorId", "action", "entityType", "entityId", "from", "to", "page", "take"] } },
  "/api/v1/admin/audit/verify": { post: { summary: "Recompute one entity's audit hash chain", tag: "admin", auth: "admin", body: verifyChainSchema } },
  "/api/v1/admin/late-attempts": { get: { summary: "Writes refused by the cutoff, with how late", tag: "admin", auth: "admin", query: ["callId", "take"] } },
  "/api/v1/admin/assignments": { post: { summary: "Assign a reviewer (a detected conflict is 409 unless acknowledged)", tag: "admin", auth: "admin", body: assignSchema, status: 201 } },
  "/api/v1/admin/assignments/{id}": { delete: { summary: "Remove an assignment", tag: "admin", auth: "admin" } },
  "/api/v1/admin/assignments/auto": { post: { summary: "Balanced, conflict-free automatic assignment", tag: "admin", auth: "admin", body: autoAssignSchema } },
  "/api/v1/admin/assignments/conflicts": { get: { summary: "Conflicts between a reviewer and a proposal", tag: "admin", auth: "admin", query: ["proposalId", "reviewerId"] } },
  "/api/v1/admin/exports/{file}": {
    get: {
      summary: "Streamed exports: proposals.csv|xlsx|json, attachments.zip (with manifest.csv), models|organizations|attachments|reviews.csv",
      tag: "admin",
      auth: "admin",
      query: ["callId", "status", "approach", "leadType", "q"],
    },
  },
  "/api/v1/admin/proposals": { get: { summary: "A call's proposals: filtered, searched, sorted, paged", tag: "admin", auth: "admin", query: ["callId", "status", "approach", "leadType", "flagged", "q", "sort", "page", "pageSize"] } },
  "/api/v1/admin/proposals/{id}": { get: { summary: "One proposal: every submitted version and what changed between them", tag: "admin", auth: "admin" } },
  "/api/v1/admin/reviewers": { get: { summary: "Reviewers with their load in a call", tag: "admin", auth: "admin", query: ["callId"] } },
};

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string", enum: Object.keys(ERROR_STATUS) }, message: { type: "string" }, fields: { type: "object", additionalProperties: { type: "string" } } },
    },
  },
};

export function openApiDocument(origin: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, ops] of Object.entries(API)) {
    paths[path] = {};
    for (const [method, op] of Object.entries(ops) as [Method, Op][]) {
      const params = [
        ...[...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } })),
        ...(op.query ?? []).map((q) => ({ name: q, in: "query", required: false, schema: { type: "string" } })),
        ...(op.headers ?? []).map((h) => ({ name: h, in: "header", required: h === "If-Match", schema: { type: "string" } })),
      ];
      paths[path][method] = {
        summary: op.summary,
        tags: [op.tag],
        ...(op.auth === "none" ? { security: [] } : {}),
        ...(params.length ? { parameters: params } : {}),
        ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: schema(op.body) } } } } : {}),
        ...(op.multipart ? { requestBody: { required: true, content: { "multipart/form-data": { schema: { type: "object", required: ["file"], properties: { file: { type: "string", format: "binary" }, ...Object.fromEntries((op.multipartFields ?? []).map((f) => [f, { type: "string" }])) } } } } } } : {}),
        responses: {
          [String(op.status ?? 200)]: { description: "OK" },
          default: { description: "Error (stable code, Korean message by default)", content: { "application/json": { schema: errorSchema } } },
        },
      };
    }
  }
  return {
    openapi: "3.1.0",
    info: { title: "독자 AI 파운데이션 모델 접수 포털 API", version: "1", description: "Times are ISO 8601 UTC; money is integer KRW. Past a call's cutoff every write answers 403 CALL_CLOSED." },
    servers: [{ url: origin }],
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
        bearer: { type: "http", scheme: "bearer", description: "Personal access token (sapt_…) from the account page" },
      },
    },
    security: [{ session: [] }, { bearer: [] }],
    paths,
  };
}
