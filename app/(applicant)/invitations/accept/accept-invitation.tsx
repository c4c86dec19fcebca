"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useLocale, useTranslations } from "use-intl";
import { sendJson } from "../../../_components/form-kit";

// Invitation links get their own wording for the generic link errors: what happened and whom to ask.
const INVITATION_MESSAGES = { TOKEN_EXPIRED: "acceptExpired", TOKEN_USED: "acceptUsed", TOKEN_INVALID: "acceptInvalid" } as const;

export function AcceptInvitation({ token }: { token: string }) {
  const t = useTranslations("consortium");
  const tErrors = useTranslations("errors");
  const locale = useLocale();
  const router = useRouter();
  const [error, setError] = useState<{ code: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function accept() {
    setError(null);
    setBusy(true);
    const r = await sendJson<{ consortiumId: string }>("POST", "/api/v1/invitations/accept", { token }, { "accept-language": locale });
    if (r.ok) {
      router.push(`/consortia/${r.data.consortiumId}`);
      return;
    }
    setBusy(false);
    const { code, fields, message } = r.error;
    const own = INVITATION_MESSAGES[code as keyof typeof INVITATION_MESSAGES];
    // A field message (invited under another address, already a member) says more than the code's.
    const text = fields?.token ?? (own ? t(own) : tErrors.has(code as never) ? tErrors(code as never) : message);
    setError({ code, text });
  }

  // Only a passing failure is worth another click; the others need a new link or another account.
  const retryable = !error || ["UNAVAILABLE", "INTERNAL", "RATE_LIMITED"].includes(error.code);
  return (
    <>
      {error && (
        <p className="alert alert-error" role="alert" data-testid="form-error" data-code={error.code}>
          {error.text}
        </p>
      )}
      {retryable && (
        <button type="button" className="button" disabled={busy} onClick={() => void accept()} data-testid="accept-invitation">
          {t("acceptButton")}
        </button>
      )}
    </>
  );
}
