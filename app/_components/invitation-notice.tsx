import type { InvitationNotice as Notice } from "@/lib/consortia/invitations";
import { getT } from "@/lib/i18n/server";
import { formatKstDateTime } from "@/lib/time/kst";
import { particle } from "@/lib/text/particle";

/** Which consortium invited the visitor, on the sign-in and register pages an invitation link leads to. */
export async function InvitationNotice({ notice, hint }: { notice: Notice; hint: "signIn" | "register" }) {
  const { locale, t } = await getT();
  return (
    <section className="alert alert-info invitation-notice" role="note" aria-labelledby="invitation-notice-title" data-testid="invitation-notice">
      <h2 id="invitation-notice-title" className="alert-title">
        {t("auth.invitationNoticeTitle")}
      </h2>
      <p data-testid="invitation-notice-text">
        {t("auth.invitationNotice", { inviter: notice.inviterName, consortium: notice.consortiumName, organization: notice.organizationName, role: t(`enums.memberRole.${notice.role}`), ro: particle(t(`enums.memberRole.${notice.role}`), "으로/로") })}
      </p>
      <p>{t(hint === "signIn" ? "auth.invitationSignInHint" : "auth.invitationRegisterHint", { email: notice.email })}</p>
      <p className="muted">{t("auth.invitationExpires", { until: formatKstDateTime(notice.expiresAt, locale) })}</p>
    </section>
  );
}
