import Link from "next/link";
import { headers } from "next/headers";
import { isAppError } from "@/lib/errors";
import { clientIpFromHeaders } from "@/lib/http/ip";
import { getT } from "@/lib/i18n/server";
import { verifyEmail } from "@/lib/users/verify-email";

// Opening the mailed link verifies the address (a one-time token; reuse and expiry are explained).
export default async function VerifyPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const { t } = await getT();
  let errorCode: string | null = null;
  try {
    await verifyEmail({ token }, { ip: clientIpFromHeaders(await headers()) });
  } catch (e) {
    if (!isAppError(e)) throw e;
    errorCode = e.code;
  }
  return (
    <>
      <h1>{t("auth.verifyTitle")}</h1>
      {errorCode ? (
        <p className="alert alert-error" role="alert" data-testid="form-error" data-code={errorCode}>
          {t(`errors.${errorCode as "TOKEN_INVALID"}`)}
        </p>
      ) : (
        <p className="alert alert-ok" role="status" data-testid="verified">
          {t("auth.verifyDone")}
        </p>
      )}
      <p>
        <Link href="/signin" className="button">{t("common.signIn")}</Link>
      </p>
    </>
  );
}
