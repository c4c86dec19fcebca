// The consent texts a person agrees to, as data, in one place (decision 019). Each has an id and a
// version; a Consent row records who accepted which id at which version, when and from where. Changing
// a text's wording means a new version here (the date it takes effect, YYYY-MM-DD): the register form
// and the proposal form then show the new text, and a registration sent with the old version is refused
// (CONSENT_OUTDATED) so nobody is recorded as accepting words they did not see.
//
// No imports: tests (e2e included) read the current versions from here, and so does the browser.

export type Localized = { ko: string; en: string };

/** The four things 개인정보 보호법 제15조②에 따라 a consent must state. */
export interface PrivacyTable {
  /** 수집 항목 */
  items: Localized;
  /** 수집·이용 목적 */
  purpose: Localized;
  /** 보유·이용 기간 */
  retention: Localized;
  /** 동의를 거부할 권리가 있다는 사실 및 거부 시 불이익 */
  refusal: Localized;
}

export const PRIVACY_ROWS = ["items", "purpose", "retention", "refusal"] as const;

/** The row headings, in both languages (shown as the first column of the table). */
export const PRIVACY_ROW_LABELS: Record<(typeof PRIVACY_ROWS)[number], Localized> = {
  items: { ko: "수집 항목", en: "Items collected" },
  purpose: { ko: "수집·이용 목적", en: "Purpose of collection and use" },
  retention: { ko: "보유·이용 기간", en: "Retention period" },
  refusal: { ko: "동의를 거부할 권리 및 거부 시 불이익", en: "Your right to refuse, and what refusing means" },
};

export interface TermsSection {
  heading: Localized;
  body: Localized;
}

export interface ConsentText {
  id: ConsentId;
  version: string;
  title: Localized;
  /** A short paragraph shown above the sections or the table. */
  intro: Localized;
  /** The terms' articles (이용약관 only). */
  sections?: TermsSection[];
  /** The four items of 제15조② (the privacy consents only). */
  table?: PrivacyTable;
  /** The checkbox's label. */
  agree: Localized;
}

export type ConsentId = "terms" | "privacy-registration" | "privacy-proposal";

const TERMS: ConsentText = {
  id: "terms",
  version: "2026-12-08",
  title: { ko: "이용약관", en: "Terms of use" },
  intro: {
    ko: "「독자 AI 파운데이션 모델 개발 지원 사업 접수 포털」을 이용하는 조건과 절차를 정합니다.",
    en: "The conditions and procedures for using the Sovereign AI Foundation Model programme's application portal.",
  },
  sections: [
    {
      heading: { ko: "제1조(목적)", en: "Article 1 (Purpose)" },
      body: {
        ko: "이 약관은 독자 AI 파운데이션 모델 개발 지원 사업 접수 포털(이하 “포털”)의 이용 조건과 절차, 이용자와 포털 운영기관(이하 “운영기관”)의 권리·의무를 정합니다.",
        en: "These terms set out the conditions and procedures for using the programme's application portal (the “portal”) and the rights and duties of its users and of the body that runs it (the “operator”).",
      },
    },
    {
      heading: { ko: "제2조(회원가입)", en: "Article 2 (Registration)" },
      body: {
        ko: "회원가입은 이 약관과 개인정보 수집·이용에 동의하고, 가입한 이메일 주소로 받은 인증 링크를 연 때 완료됩니다. 이용자는 본인의 이름과 이메일 주소로 가입해야 하며, 다른 사람의 정보로 가입할 수 없습니다.",
        en: "Registration is complete when you have accepted these terms and the collection and use of your personal data, and opened the verification link sent to your e-mail address. Register with your own name and address, never someone else's.",
      },
    },
    {
      heading: { ko: "제3조(계정 관리)", en: "Article 3 (Your account)" },
      body: {
        ko: "비밀번호와 로그인 링크는 이용자가 관리합니다. 계정이 도용되었다고 의심되면 즉시 비밀번호를 바꾸고 [모든 기기에서 로그아웃]을 누른 뒤 운영기관에 알려야 합니다.",
        en: "You look after your password and sign-in links. If you suspect someone else uses your account, change your password at once, use “Sign out everywhere” and tell the operator.",
      },
    },
    {
      heading: { ko: "제4조(서비스)", en: "Article 4 (The service)" },
      body: {
        ko: "포털은 공고 열람, 컨소시엄 구성과 초대, 제안서 작성·제출과 접수증 발급, 선정 평가를 제공합니다. 모든 마감 시각은 한국 표준시(KST)이며, 접수 여부는 포털 서버가 제출을 받은 시각으로 판단합니다.",
        en: "The portal offers the calls, forming a consortium and inviting its members, writing and submitting proposals with a receipt, and the selection review. All deadlines are Korea Standard Time (KST); whether a submission is in time is judged by when the portal's server received it.",
      },
    },
    {
      heading: { ko: "제5조(제출물)", en: "Article 5 (What you submit)" },
      body: {
        ko: "제출한 제안서와 첨부 파일은 제출 시각과 해시값(SHA-256)으로 고정되어 바꿀 수 없습니다. 마감 전에는 다시 제출할 수 있으며 가장 최근에 제출한 판이 심사 대상입니다. 제출 내용이 사실과 다르면 그 책임은 제출한 컨소시엄에 있습니다.",
        en: "A submitted proposal and its attachments are fixed by their submission time and SHA-256 hash and cannot be changed. Before the deadline you may submit again; the latest version submitted is the one reviewed. The consortium that submits is responsible for the truth of what it submits.",
      },
    },
    {
      heading: { ko: "제6조(금지 행위)", en: "Article 6 (What you must not do)" },
      body: {
        ko: "거짓 정보 입력, 다른 사람의 계정 사용, 악성 코드나 매크로가 든 파일 제출, 포털의 운영을 방해하는 자동화된 대량 요청을 해서는 안 됩니다. 운영기관은 이를 어긴 계정의 사용을 중지할 수 있습니다.",
        en: "Do not enter false information, use someone else's account, submit files with malware or macros, or disrupt the portal with automated mass requests. The operator may disable an account that does.",
      },
    },
    {
      heading: { ko: "제7조(서비스 변경·중단)", en: "Article 7 (Changes and interruptions)" },
      body: {
        ko: "운영기관은 점검이나 장애 때 서비스를 잠시 멈출 수 있습니다. 마감 직전의 장애로 제출하지 못한 경우의 처리(마감 연장 등)는 공고와 운영기관의 결정에 따릅니다.",
        en: "The operator may pause the service for maintenance or outages. What happens if an outage near a deadline stops a submission (an extension, for instance) follows the call and the operator's decision.",
      },
    },
    {
      heading: { ko: "제8조(약관 변경)", en: "Article 8 (Changes to these terms)" },
      body: {
        ko: "약관을 바꿀 때는 시행일 7일 전(이용자에게 불리한 변경은 30일 전)부터 포털에 알립니다. 바뀐 약관은 새 판(시행일)으로 표시되며, 가입 때 동의한 판과 시각은 [내 계정]에서 볼 수 있습니다.",
        en: "Changes are announced on the portal 7 days before they take effect (30 days for changes to your disadvantage). Each version is marked with its effective date; the version you accepted and when is shown on your account page.",
      },
    },
    {
      heading: { ko: "부칙", en: "Effective date" },
      body: { ko: "이 약관은 2026년 12월 8일부터 시행합니다.", en: "These terms take effect on 8 December 2026." },
    },
  ],
  agree: { ko: "이용약관에 동의합니다. (필수)", en: "I accept the terms of use. (required)" },
};

const PRIVACY_REGISTRATION: ConsentText = {
  id: "privacy-registration",
  version: "2026-12-08",
  title: { ko: "개인정보 수집·이용 동의 (회원가입)", en: "Consent to the collection and use of personal data (registration)" },
  intro: {
    ko: "운영기관은 「개인정보 보호법」 제15조에 따라 회원가입에 필요한 개인정보를 아래와 같이 수집·이용합니다.",
    en: "Under Article 15 of the Personal Information Protection Act, the operator collects and uses the personal data registration needs as follows.",
  },
  table: {
    items: {
      ko: "(필수) 이름, 이메일 주소, 비밀번호(복원할 수 없는 방식으로 암호화해 저장), 언어 설정. 이용 중 자동 생성: 접속 IP 주소, 로그인·주요 작업 기록.",
      en: "(Required) name, e-mail address, password (stored only as a one-way hash), language. Generated while you use the portal: IP address, records of sign-ins and of important actions.",
    },
    purpose: {
      ko: "회원 식별과 가입 의사 확인, 이메일 주소 인증, 로그인과 계정 보안(부정 이용 방지), 공고·접수·심사 관련 안내 메일 발송.",
      en: "Identifying you and confirming that you wish to register, verifying your e-mail address, signing in and keeping the account secure (preventing misuse), and e-mails about calls, submissions and reviews.",
    },
    retention: {
      ko: "회원 탈퇴(계정 삭제 요청) 시까지. 다만 제출한 제안서·심사 기록에 연결된 이름과 이메일은 그 기록의 보존 기간 동안, 접속 기록은 1년 동안 보관한 뒤 파기합니다.",
      en: "Until you leave (ask for the account to be deleted). Your name and e-mail linked to submitted proposals or reviews are kept as long as those records are; access records are kept for 1 year; then they are destroyed.",
    },
    refusal: {
      ko: "동의를 거부할 권리가 있습니다. 다만 위 항목은 회원 식별과 로그인에 꼭 필요한 최소한의 정보이므로, 동의하지 않으면 회원가입을 할 수 없습니다. 공고 열람은 가입하지 않아도 할 수 있습니다.",
      en: "You have the right to refuse. These items are the minimum needed to identify you and let you sign in, so without your consent you cannot register. You can read the calls without registering.",
    },
  },
  agree: { ko: "위와 같이 개인정보를 수집·이용하는 데 동의합니다. (필수)", en: "I consent to the collection and use of my personal data as above. (required)" },
};

const PRIVACY_PROPOSAL: ConsentText = {
  id: "privacy-proposal",
  version: "2026-12-08",
  title: { ko: "개인정보 수집·이용 동의 (제안서 접수)", en: "Consent to the collection and use of personal data (proposal)" },
  intro: {
    ko: "제안서와 첨부 서류에 담긴 개인정보를 아래와 같이 수집·이용합니다. 다른 사람(참여연구원 등)의 개인정보를 적는 경우, 제출하는 사람은 그 사람에게 이 내용을 알리고 동의를 받아야 합니다.",
    en: "The personal data in the proposal and its attachments is collected and used as follows. If you enter other people's data (researchers, for instance), you must tell them this and have their consent before submitting.",
  },
  table: {
    items: {
      ko: "(필수) 제안서·첨부 서류에 적힌 연구책임자·참여연구원의 이름, 소속 기관, 직위, 이메일, 국가연구자번호, 학력·경력, 참여율과 기관 대표자의 이름. 제출한 사람의 이름·이메일, 제출 시각과 접속 IP 주소.",
      en: "(Required) the names, organisations, positions, e-mail addresses, national researcher numbers, education and careers and participation rates of the principal and participating researchers in the proposal and its attachments, and the names of the organisations' representatives; the submitter's name and e-mail, the time of submission and IP address.",
    },
    purpose: {
      ko: "제안서 접수와 접수증 발급, 신청 자격 확인(동시 수행 과제 수·참여율·참여제한 여부), 선정 평가(배정된 심사위원의 열람), 결과 통지, 선정된 과제의 협약과 사업 관리.",
      en: "Receiving the proposal and issuing its receipt, checking eligibility (concurrent projects, participation rates, sanctions), the selection review (read by the assigned reviewers), telling you the result, and the agreement and management of a selected project.",
    },
    retention: {
      ko: "접수 마감일부터 5년. 선정된 과제는 협약 기간이 끝난 날부터 5년. 기간이 끝나면 지체 없이 파기합니다.",
      en: "5 years from the call's deadline; for a selected project, 5 years from the end of its agreement. Destroyed without delay when the period ends.",
    },
    refusal: {
      ko: "동의를 거부할 권리가 있습니다. 다만 이 정보 없이는 신청 자격을 확인하고 평가할 수 없으므로, 동의하지 않으면 제안서를 제출(접수)할 수 없습니다. 작성 중인 초안의 저장에는 영향이 없습니다.",
      en: "You have the right to refuse. Without this data eligibility cannot be checked nor the proposal reviewed, so without consent the proposal cannot be submitted. Saving the draft is not affected.",
    },
  },
  agree: {
    ko: "위와 같이 제안서의 개인정보를 수집·이용하는 데 동의하며, 제안서에 적은 다른 사람에게 이를 알리고 동의를 받았습니다. (필수)",
    en: "I consent to the collection and use of the personal data in the proposal as above, and I have told the other people named in it and have their consent. (required)",
  },
};

export const CONSENT_TEXTS: Record<ConsentId, ConsentText> = {
  terms: TERMS,
  "privacy-registration": PRIVACY_REGISTRATION,
  "privacy-proposal": PRIVACY_PROPOSAL,
};

export const CONSENT_IDS = Object.keys(CONSENT_TEXTS) as ConsentId[];

/** What registration sends: `consents: { terms, privacy }` with the versions the person was shown. */
export function registrationConsentVersions(): { terms: string; privacy: string } {
  return { terms: TERMS.version, privacy: PRIVACY_REGISTRATION.version };
}

/** One language's view of a text, for the pages and forms (the browser gets only what it shows). */
export function localizeConsent(id: ConsentId, locale: "ko" | "en") {
  const c = CONSENT_TEXTS[id];
  return {
    id: c.id,
    version: c.version,
    title: c.title[locale],
    intro: c.intro[locale],
    sections: c.sections?.map((s) => ({ heading: s.heading[locale], body: s.body[locale] })),
    table: c.table ? PRIVACY_ROWS.map((row) => ({ row, label: PRIVACY_ROW_LABELS[row][locale], text: c.table![row][locale] })) : undefined,
    agree: c.agree[locale],
  };
}
export type LocalizedConsent = ReturnType<typeof localizeConsent>;

/** The 개인정보 처리방침 (제30조): what the consents say, plus recipients, destruction and rights. */
export const PRIVACY_POLICY = {
  version: "2026-12-08",
  sections: {
    recipients: {
      ko: "운영기관은 개인정보를 동의받은 목적 안에서만 이용하며, 법률에 특별한 규정이 있는 경우 외에는 제3자에게 제공하지 않습니다. 제안서는 평가를 위해 배정된 심사위원이 포털 안에서 열람하며, 심사위원은 비밀 유지와 이해충돌 신고를 서약합니다. 메일 발송은 운영기관이 지정한 메일 서버를 통해 이루어집니다.",
      en: "The operator uses personal data only for the purposes consented to and gives it to no third party unless a law specifically requires it. Proposals are read inside the portal by the reviewers assigned to evaluate them, who pledge confidentiality and declare conflicts of interest. E-mail goes out through the mail server the operator designates.",
    },
    destruction: {
      ko: "보유 기간이 끝나거나 처리 목적을 이룬 개인정보는 지체 없이 파기합니다. 전자 파일은 복구할 수 없는 방법으로 지우고, 종이 문서는 분쇄하거나 소각합니다. 다른 법령에 따라 보존해야 하는 정보는 따로 분리해 그 기간 동안만 보관합니다.",
      en: "Personal data whose retention period has ended or whose purpose is achieved is destroyed without delay: electronic files are erased so they cannot be recovered, paper is shredded or burnt. Data another law requires to be kept is stored separately for that period only.",
    },
    rights: {
      ko: "정보주체는 언제든지 자신의 개인정보 열람, 정정·삭제, 처리정지를 요구하고 동의를 철회할 수 있습니다(개인정보 보호법 제35조~제37조). 아래 개인정보 보호책임자에게 이메일이나 전화로 요구하면 10일 안에 조치 결과를 알려 드립니다. 이름과 이메일은 [내 계정]에서도 확인할 수 있습니다.",
      en: "You may at any time ask to see, correct or delete your personal data, ask us to stop processing it, or withdraw your consent (Personal Information Protection Act, Articles 35–37). Ask the privacy officer below by e-mail or phone; we reply within 10 days. Your name and e-mail are also shown on your account page.",
    },
    safety: {
      ko: "비밀번호는 복원할 수 없는 방식(Argon2id)으로 암호화해 저장하고, 모든 통신은 암호화(HTTPS)합니다. 개인정보를 다루는 작업은 감사 기록으로 남기고, 접근 권한은 역할(신청자·심사위원·관리자)에 따라 나눕니다.",
      en: "Passwords are stored as one-way hashes (Argon2id) and all traffic is encrypted (HTTPS). Actions on personal data are kept in an audit log, and access is divided by role (applicant, reviewer, administrator).",
    },
    remedies: {
      ko: "개인정보 침해에 대한 신고나 상담은 개인정보침해 신고센터(국번 없이 118, privacy.kisa.or.kr)나 개인정보 분쟁조정위원회(1833-6972, www.kopico.go.kr)에 할 수 있습니다.",
      en: "You can report or ask about an infringement to the Personal Information Infringement Report Center (118, privacy.kisa.or.kr) or the Personal Information Dispute Mediation Committee (1833-6972, www.kopico.go.kr).",
    },
  },
} as const;
