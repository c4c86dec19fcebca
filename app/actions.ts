"use server";

import { cookies } from "next/headers";
import { LOCALE_COOKIE, toLocale } from "@/lib/i18n";

/** The language switch: remembers the choice for a year. */
export async function setLocale(formData: FormData) {
  (await cookies()).set(LOCALE_COOKIE, toLocale(String(formData.get("locale"))), {
    path: "/",
    maxAge: 365 * 24 * 3600,
    sameSite: "lax",
    httpOnly: true,
    secure: (process.env.NEXTAUTH_URL ?? "").startsWith("https://"),
  });
}
