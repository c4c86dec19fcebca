"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useTranslations } from "use-intl";
import { safeCallbackPath } from "@/lib/auth/callback-path";

/**
 * The header's 로그인 · 회원가입 for signed-out visitors. On the sign-in and register pages they keep the
 * page's callbackUrl (an invitation's accept page), so switching between the two loses nothing.
 */
export function AuthNavLinks() {
  const t = useTranslations();
  const pathname = usePathname();
  const params = useSearchParams();
  const keep = pathname === "/signin" || pathname === "/register" ? safeCallbackPath(params.get("callbackUrl")) : null;
  const q = keep ? `?callbackUrl=${encodeURIComponent(keep)}` : "";
  return <AuthNavLinksFor signIn={t("common.signIn")} register={t("common.register")} query={q} />;
}

export function AuthNavLinksFor({ signIn, register, query = "" }: { signIn: string; register: string; query?: string }) {
  return (
    <>
      <Link href={`/signin${query}`} data-testid="nav-signin">
        {signIn}
      </Link>
      <Link href={`/register${query}`} data-testid="nav-register">
        {register}
      </Link>
    </>
  );
}
