import Link from "next/link";
import { getT } from "@/lib/i18n/server";
import { SignInForm } from "./signin-form";

/** Only same-site paths are followed after sign-in (no open redirect). */
function safePath(p: string | undefined): string {
  return p && p.startsWith("/") && !p.startsWith("//") && !p.startsWith("/\\") ? p : "/";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const sp = await searchParams;
  const { t } = await getT();
  let callbackUrl = "/";
  try {
    const u = sp.callbackUrl ? new URL(sp.callbackUrl, "http://x") : null;
    callbackUrl = safePath(u && (u.host === "x" || sp.callbackUrl?.startsWith("http")) ? u.pathname + u.search : undefined);
  } catch {
    callbackUrl = "/";
  }
  return (
    <>
      <h1>{t("auth.signInTitle")}</h1>
      <SignInForm callbackUrl={callbackUrl} initialError={sp.error} />
      <p>
        <Link href="/forgot">{t("auth.forgot")}</Link>
      </p>
      <p>
        {t("auth.noAccount")} <Link href="/register">{t("common.register")}</Link>
      </p>
    </>
  );
}
