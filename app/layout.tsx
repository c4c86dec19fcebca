import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import "./globals.css";
import { getActor } from "@/lib/auth/session";
import { MESSAGES } from "@/lib/i18n";
import { getT } from "@/lib/i18n/server";
import { setLocale } from "./actions";
import { AuthNavLinks, AuthNavLinksFor } from "./_components/auth-nav-links";
import { Providers } from "./_components/providers";
import { SignOutButton } from "./_components/sign-out-button";
import { hangulLang } from "@/lib/text";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  // Each page gives its own title (app/_components/metadata.ts); the portal's name follows it.
  return { title: { default: t("common.appName"), template: `%s | ${t("common.appName")}` }, description: t("calls.purpose3") };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const { locale, t } = await getT();
  const actor = await getActor();
  return (
    <html lang={locale}>
      <body>
        <Providers locale={locale} messages={MESSAGES[locale]}>
          <a className="skip" href="#main">{t("common.skipToContent")}</a>
          <header className="site-header">
            <div className="wrap header-row">
              <Link href="/" className="brand">
                <span className="brand-mark" aria-hidden>▣</span> {t("common.appName")}
              </Link>
              <nav aria-label="main" className="nav">
                {actor?.roles.includes("ADMIN") && (
                  <>
                    <Link href="/admin" data-testid="nav-admin">{t("common.admin")}</Link>
                  </>
                )}
                {actor?.roles.includes("APPLICANT") && <Link href="/consortia" data-testid="nav-consortia">{t("consortium.navMine")}</Link>}
                {actor?.roles.includes("REVIEWER") && <Link href="/review" data-testid="nav-review">{t("review.nav")}</Link>}
                {actor ? (
                  <>
                    <Link href="/account" data-testid="account-link" lang={hangulLang(actor.name)}>{t("auth.signedInAs", { name: actor.name })}</Link>
                    <SignOutButton />
                  </>
                ) : (
                  <Suspense fallback={<AuthNavLinksFor signIn={t("common.signIn")} register={t("common.register")} />}>
                    <AuthNavLinks />
                  </Suspense>
                )}
                <form action={setLocale}>
                  <input type="hidden" name="locale" value={locale === "ko" ? "en" : "ko"} />
                  <button type="submit" className="link-button" lang={locale === "ko" ? "en" : "ko"} data-testid="locale-switch">
                    {t("common.language")}
                  </button>
                </form>
              </nav>
            </div>
          </header>
          <main id="main" className="wrap">
            {children}
          </main>
          <footer className="site-footer">
            <div className="wrap">
              <nav aria-label={t("consent.footerNav")}>
                <Link href="/privacy" data-testid="footer-privacy"><strong>{t("consent.footerPrivacy")}</strong></Link>
                <Link href="/terms" data-testid="footer-terms">{t("consent.footerTerms")}</Link>
              </nav>
              <p>{t("common.timesInKst")}</p>
              <p>{t("common.sampleNotice")}</p>
            </div>
          </footer>
        </Providers>
      </body>
    </html>
  );
}
