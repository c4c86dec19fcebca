"use client";

import { useState, type ReactNode } from "react";
import { useTranslations } from "use-intl";

/** After these a one-time link can never work again: the way on is `spentNext`, not the button. */
const SPENT = new Set(["TOKEN_INVALID", "TOKEN_EXPIRED", "TOKEN_USED"]);

/**
 * The button on a page a mailed one-time link opens (sign-in link, e-mail verification). The page's GET
 * spends nothing, so a mail scanner cannot use the link up; the press does (decision 012). `run` answers
 * null on success, else the error code; codes outside `known` are shown as TOKEN_INVALID.
 */
export function OneTimeLinkButton(props: {
  token: string;
  label: string;
  known: string[];
  run: () => Promise<string | null>;
  /** Shown instead of the button once `run` succeeded (nothing: it navigated away). */
  done?: ReactNode;
  /** Shown instead of the button once the link is spent. */
  spentNext: ReactNode;
}) {
  const t = useTranslations();
  const [error, setError] = useState<string | undefined>(props.token ? undefined : "TOKEN_INVALID");
  const [busy, setBusy] = useState(false);
  const [succeeded, setSucceeded] = useState(false);
  if (succeeded && props.done) return <>{props.done}</>;
  const code = error && (props.known.includes(error) ? error : "TOKEN_INVALID");
  return (
    <div className="stack">
      {code && (
        <p className="alert alert-error" role="alert" data-testid="form-error" data-code={code}>
          {t(`errors.${code}`)}
        </p>
      )}
      {code && SPENT.has(code) ? (
        <p data-testid="link-next-steps">{props.spentNext}</p>
      ) : (
        <button
          className="button"
          type="button"
          disabled={busy || !props.token}
          onClick={async () => {
            setBusy(true);
            setError(undefined);
            const failed = await props.run().catch(() => "TOKEN_INVALID");
            if (failed === null) return setSucceeded(true); // busy stays: the page moves on
            setError(failed);
            setBusy(false);
          }}
        >
          {props.label}
        </button>
      )}
    </div>
  );
}
