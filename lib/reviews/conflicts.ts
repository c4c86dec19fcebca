// Conflict-of-interest detection (DESIGN §3): a reviewer conflicts with a consortium when their
// affiliation (사업자등록번호) is one of its organisations, or their e-mail domain is the domain of one
// of its members. Free-mail domains never count as a match.

export const FREE_MAIL_DOMAINS = new Set([
  "naver.com",
  "daum.net",
  "hanmail.net",
  "kakao.com",
  "nate.com",
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "yahoo.com",
  "yahoo.co.kr",
  "icloud.com",
  "me.com",
  "proton.me",
  "protonmail.com",
]);

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}

export type ConflictReason = { type: "ORGANIZATION"; businessRegNo: string; organization: string } | { type: "EMAIL_DOMAIN"; domain: string };

export function detectConflicts(
  reviewer: { email: string; affiliationBusinessRegNo: string | null },
  consortium: { organizations: { businessRegNo: string; name: string }[]; memberEmails: string[] },
): ConflictReason[] {
  const out: ConflictReason[] = [];
  if (reviewer.affiliationBusinessRegNo) {
    for (const o of consortium.organizations) {
      if (o.businessRegNo === reviewer.affiliationBusinessRegNo) out.push({ type: "ORGANIZATION", businessRegNo: o.businessRegNo, organization: o.name });
    }
  }
  const domain = emailDomain(reviewer.email);
  if (!FREE_MAIL_DOMAINS.has(domain) && consortium.memberEmails.some((e) => emailDomain(e) === domain)) out.push({ type: "EMAIL_DOMAIN", domain });
  return out;
}

export function describeConflicts(reasons: ConflictReason[]): string {
  return reasons.map((r) => (r.type === "ORGANIZATION" ? `organization ${r.organization} (${r.businessRegNo})` : `e-mail domain ${r.domain}`)).join("; ");
}
