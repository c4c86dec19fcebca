import { safeLine, safeText, z } from "@/lib/zod";

// Shared by the forms (react-hook-form's zodResolver) and the server. Messages are keys of the
// `fields` dictionary in lib/i18n, translated where they are shown.

export const emailSchema = safeText()
  .trim()
  .toLowerCase()
  .min(1, "required")
  .max(254, "emailInvalid")
  .pipe(z.email({ message: "emailInvalid" }));

export const passwordSchema = safeText().min(10, "passwordTooShort").max(128, "passwordTooLong");

export const nameSchema = safeLine().trim().min(1, "required").max(100, "tooLong");

export const localeSchema = z.enum(["ko", "en"]).default("ko");

export const registerSchema = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  name: nameSchema,
  locale: localeSchema,
  // Where to go after verifying and signing in (an invitation's accept page). Any text is taken and
  // kept only if safeCallbackPath accepts it: a refused one is dropped, never an error.
  callbackUrl: safeText().max(2048, "tooLong").optional(),
  // The versions of the 이용약관 and the 개인정보 수집·이용 동의 the person was shown and accepted
  // (lib/consents/texts.ts). Both required; a version that is not the current one is CONSENT_OUTDATED.
  consents: z.strictObject({
    terms: z.string().min(1, "termsRequired").max(32, "tooLong"),
    privacy: z.string().min(1, "privacyRequired").max(32, "tooLong"),
  }),
});
export type RegisterInput = z.input<typeof registerSchema>;

/**
 * The register form: the API's fields without `consents` (the form sends the versions it was given),
 * plus what only the browser checks: the password typed twice and the two required checkboxes.
 */
export const registerFormSchema = registerSchema
  .omit({ consents: true, callbackUrl: true })
  .extend({
    passwordConfirm: z.string(),
    agreeTerms: z.literal(true, { message: "termsRequired" }),
    agreePrivacy: z.literal(true, { message: "privacyRequired" }),
  })
  .refine((v) => v.password === v.passwordConfirm, {
    path: ["passwordConfirm"],
    message: "passwordMismatch",
    // Said even while other fields (an unchecked box) are wrong: zod skips a refinement on an object
    // with issues unless told when it can run.
    when: (payload) => {
      const v = payload.value as { password?: unknown; passwordConfirm?: unknown } | undefined;
      return typeof v?.password === "string" && typeof v.passwordConfirm === "string";
    },
  });
export type RegisterFormInput = z.input<typeof registerFormSchema>;

// Not strict: next-auth hands authorize() its whole form (csrfToken, callbackUrl, json).
export const signInSchema = z.object({
  email: emailSchema,
  password: safeText().min(1, "required").max(1024, "passwordTooLong"),
});

export const tokenSchema = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, "required") });

export const forgotPasswordSchema = z.strictObject({ email: emailSchema });

export const resetPasswordSchema = z.strictObject({
  token: tokenSchema.shape.token,
  password: passwordSchema,
});

export const roleSchema = z.enum(["APPLICANT", "REVIEWER", "ADMIN"]);

export const createStaffUserSchema = z.strictObject({
  email: emailSchema,
  name: nameSchema,
  roles: z.array(roleSchema).min(1, "required").max(3),
  locale: localeSchema,
});

export const updateUserSchema = z
  .strictObject({
    roles: z.array(roleSchema).min(1, "required").max(3).optional(),
    disabled: z.boolean().optional(),
  })
  .refine((v) => v.roles !== undefined || v.disabled !== undefined, { message: "required" });

/** A personal access token: a name to recognise it by and its lifetime (DESIGN §7). */
export const createAccessTokenSchema = z.strictObject({
  name: safeLine().trim().min(1, "required").max(100, "tooLong"),
  expiresInDays: z.number().int("integerRequired").min(1, "mustBePositive").max(365, "tooLarge").default(90),
});
