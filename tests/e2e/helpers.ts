import crypto from "node:crypto";
import { expect, request, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_ADMIN, E2E_BASE_URL } from "./env";
import { registrationConsentVersions } from "../../lib/consents/texts";

/** What POST /api/v1/register needs as `consents`: the current versions, from their one home (lib/consents/texts.ts). */
export const CONSENTS = registrationConsentVersions();

/** The register page's password confirmation and both required consents (through 전체 동의). */
export async function completeRegisterForm(page: Page, password: string) {
  await page.getByLabel("비밀번호 확인").fill(password);
  await page.getByTestId("agree-all").check();
}

export const PASSWORD = "e2e-applicant-passphrase-42";

export function uniqueEmail(tag = "e2e") {
  return `${tag}-${crypto.randomBytes(4).toString("hex")}@example.com`;
}

/** Signs in through next-auth's own credentials flow, as any HTTP client can. */
export async function signIn(ctx: APIRequestContext, email: string, password: string) {
  const { csrfToken } = await (await ctx.get("/api/auth/csrf")).json();
  const res = await ctx.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true" },
    maxRedirects: 0,
  });
  return res;
}

export async function newClient() {
  return request.newContext({ baseURL: E2E_BASE_URL });
}

export async function adminClient() {
  const ctx = await newClient();
  await signIn(ctx, E2E_ADMIN.email, E2E_ADMIN.password);
  expect((await ctx.get("/api/v1/me")).status()).toBe(200);
  return ctx;
}

/** The path + query of the link in the last mail to `to`, read through the admin outbox API. */
export async function linkFromOutbox(admin: APIRequestContext, to: string): Promise<string> {
  const res = await admin.get(`/api/v1/admin/outbox?to=${encodeURIComponent(to)}`);
  expect(res.status()).toBe(200);
  const { mails } = await res.json();
  // The newest mail that carries a one-time link (reminder mails to the same address link elsewhere).
  const mail = (mails as { text: string }[]).find((x) => /token=/.test(x.text)) ?? mails[0];
  expect(mail).toBeDefined();
  const m = String(mail.text).match(/https?:\/\/[^\s]+/);
  expect(m).not.toBeNull();
  const u = new URL(m![0]);
  return u.pathname + u.search;
}

/** Registers and verifies an applicant through the API; returns a signed-in client. */
export async function verifiedApplicant(admin: APIRequestContext) {
  const email = uniqueEmail("app");
  const ctx = await newClient();
  expect((await ctx.post("/api/v1/register", { data: { email, password: PASSWORD, name: "API 신청자", consents: CONSENTS } })).status()).toBe(201);
  const link = await linkFromOutbox(admin, email);
  const token = new URL(link, E2E_BASE_URL).searchParams.get("token");
  expect((await ctx.post("/api/v1/verify", { data: { token } })).status()).toBe(200);
  await signIn(ctx, email, PASSWORD);
  return { ctx, email };
}

/** Answers the one confirmation dialog (app/_components/confirm-dialog.tsx) and waits for it to close. */
export async function answerConfirm(page: Page, answer: "yes" | "cancel" = "yes", says?: string | RegExp) {
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog).toBeVisible();
  if (says) await expect(dialog).toContainText(says);
  await dialog.getByTestId(answer === "yes" ? "confirm-yes" : "confirm-cancel").click();
  await expect(dialog).toHaveCount(0);
}

/**
 * Types a KST date-time (`YYYY-MM-DDTHH:mm`) into the console's date + 24-hour time pair
 * (app/admin/kst-datetime-input.tsx), as a person does: the date picker, then HH:mm.
 */
export async function fillKst(page: Page, testId: string, value: string) {
  await page.getByTestId(`${testId}-date`).fill(value.slice(0, 10));
  await page.getByTestId(`${testId}-time`).fill(value.slice(11, 16));
  await page.getByTestId(`${testId}-time`).blur();
}
