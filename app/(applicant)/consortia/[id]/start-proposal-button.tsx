"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useLocale, useTranslations } from "use-intl";
import { FormAlert, sendJson, type ApiError } from "../../../_components/form-kit";

/** The owner opens the consortium's one proposal as an empty draft and goes on to write it. */
export function StartProposalButton({ consortiumId }: { consortiumId: string }) {
  const t = useTranslations("consortium");
  const locale = useLocale();
  const router = useRouter();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function start() {
    setError(null);
    setBusy(true);
    const r = await sendJson<{ id: string }>("POST", "/api/v1/proposals", { consortiumId }, { "accept-language": locale });
    if (r.ok) {
      router.push(`/proposals/${r.data.id}`);
      return;
    }
    setBusy(false);
    setError(r.error);
    // Someone else started it meanwhile: the refreshed page links to it.
    if (r.error.code === "CONFLICT") router.refresh();
  }

  return (
    <>
      <FormAlert error={error} />
      <button type="button" className="button" disabled={busy} onClick={() => void start()} data-testid="start-proposal">
        {t("startProposal")}
      </button>
    </>
  );
}
