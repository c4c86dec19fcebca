// The 개인정보 보호책임자 named in the privacy policy (개인정보 보호법 제30조, 제31조). A deployment
// setting, not a call setting: one officer answers for the whole portal. Set in the environment; a
// value left unset is shown as "(지정 예정)" so the page never invents a person (decision 019).

export interface PrivacyOfficer {
  name: string | null;
  department: string | null;
  email: string | null;
  phone: string | null;
}

const value = (v: string | undefined) => (v && v.trim() ? v.trim().slice(0, 200) : null);

export function privacyOfficer(env: Record<string, string | undefined> = process.env): PrivacyOfficer {
  return {
    name: value(env.PRIVACY_OFFICER_NAME),
    department: value(env.PRIVACY_OFFICER_DEPARTMENT),
    email: value(env.PRIVACY_OFFICER_EMAIL),
    phone: value(env.PRIVACY_OFFICER_PHONE),
  };
}
