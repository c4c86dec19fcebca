import Link from "next/link";
import { getT } from "@/lib/i18n/server";
import { SignInForm } from "./signin-form";
import { pageTitle } from "@/app/_components/metadata";

/** Only a path on this site is followed after sign-in (no open redirect): any host is dropped. */
function callbackPath(raw: string | undefined): string {
  try {
    const u = new URL(raw ?? "/", "http://portal.invalid");
    return u.pathname.startsWith("//") ? "/" : u.pathname + u.search;
  } catch {
    return "/";
  }
}

export const generateMetadata = pageTitle("auth.signInTitle");

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string; signedOut?: string }> }) {
  const sp = await searchParams;
  const { t } = await getT();
  const callbackUrl = callbackPath(sp.callbackUrl);
  return (
    <>
      <h1>{t("auth.signInTitle")}</h1>
      {sp.signedOut === "everywhere" && (
        <p className="alert alert-ok" role="status" data-testid="signed-out-everywhere">
          {t("auth.signedOutEverywhere")}
        </p>
      )}
      <SignInForm callbackUrl={callbackUrl} initialError={sp.error} />
      <p>
        <Link href="/forgot">{t("auth.forgot")}</Link> · <Link href="/signin/request-link">{t("auth.signInLinkTitle")}</Link>
      </p>
      <p>
        {t("auth.noAccount")} <Link href="/register">{t("common.register")}</Link>
      </p>
    </>
  );
}
