import Link from "next/link";
import { forbidden } from "next/navigation";
import { getActor } from "@/lib/auth/session";
import { getT } from "@/lib/i18n/server";

const TABS = [
  ["/admin", "navDashboard", "nav-admin-dashboard"],
  ["/admin/proposals", "navProposals", "nav-admin-proposals"],
  ["/admin/calls", "navCalls", "nav-admin-calls"],
  ["/admin/reviews", "navReviews", "nav-admin-reviews"],
  ["/admin/users", "navUsers", "nav-admin-users"],
  ["/admin/audit", "navAudit", "nav-admin-audit"],
  ["/admin/outbox", "navOutbox", "nav-admin-outbox"],
] as const;

/**
 * The console's own navigation, for admins. A signed-in non-admin gets 403 (forbidden() → app/forbidden.tsx)
 * on every console page, whatever the URL names; an anonymous visitor (or a disabled user's session) is
 * left to the page, which sends them to sign-in with the page as callbackUrl (a layout does not know the
 * URL). Every page still checks the role itself, and its service again.
 */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const actor = await getActor();
  if (actor && !actor.roles.includes("ADMIN")) forbidden();
  const { t } = await getT();
  return (
    <>
      {actor?.roles.includes("ADMIN") && (
        <nav className="admin-tabs" aria-label={t("admin.consoleTitle")}>
          {TABS.map(([href, key, testId]) => (
            <Link key={href} href={href} data-testid={testId}>
              {t(`admin.${key}`)}
            </Link>
          ))}
        </nav>
      )}
      {children}
    </>
  );
}
