"use client";

import type { FieldError } from "react-hook-form";
import { useTranslations } from "use-intl";

export interface ApiError {
  code: string;
  message: string;
  fields?: Record<string, string>;
}

/** POST JSON to our API; returns the body or the API's error (with its localised message). */
export async function postJson<T>(url: string, body: unknown): Promise<{ ok: true; data: T } | { ok: false; error: ApiError }> {
  try {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const data = await res.json().catch(() => null);
    if (res.ok) return { ok: true, data: data as T };
    return { ok: false, error: (data?.error as ApiError) ?? { code: "INTERNAL", message: res.statusText } };
  } catch {
    return { ok: false, error: { code: "UNAVAILABLE", message: "" } };
  }
}

/** A field's message: zod issues carry keys of the `fields` dictionary, API errors carry text. */
export function FieldMessage({ id, error }: { id: string; error?: FieldError | { message?: string } }) {
  const t = useTranslations("fields");
  // Always there, empty until there is an error: a control's aria-describedby never names a missing id
  // (issue 12 item 16), and the live region exists before its text arrives.
  const key = error?.message;
  const text = key ? (t.has(key as never) ? t(key as never) : key) : "";
  return (
    <span className="field-error" id={id} role="alert">
      {text}
    </span>
  );
}

export function FormAlert({ error }: { error: ApiError | null }) {
  const t = useTranslations("errors");
  if (!error) return null;
  const text = t.has(error.code as never) ? t(error.code as never) : error.message;
  return (
    <p className="alert alert-error" role="alert" data-testid="form-error" data-code={error.code}>
      {text}
    </p>
  );
}

export type ApiResult<T> = { ok: true; data: T; status: number; headers: Headers } | { ok: false; error: ApiError; status: number };

/** Any JSON call to our API (GET/POST/PATCH/DELETE), with extra headers such as If-Match or Idempotency-Key. */
export async function sendJson<T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResult<T>> {
  try {
    const res = await fetch(url, {
      method,
      headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const data = await res.json().catch(() => null);
    if (res.ok) return { ok: true, data: data as T, status: res.status, headers: res.headers };
    return { ok: false, error: (data?.error as ApiError) ?? { code: "INTERNAL", message: res.statusText }, status: res.status };
  } catch {
    return { ok: false, error: { code: "UNAVAILABLE", message: "" }, status: 0 };
  }
}
