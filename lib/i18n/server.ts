import { cookies } from "next/headers";
import { getTranslator, LOCALE_COOKIE, toLocale, type Locale } from "./index";

/** The page's language: Korean first; English when the switch (the `locale` cookie) says so. */
export async function getLocale(): Promise<Locale> {
  return toLocale((await cookies()).get(LOCALE_COOKIE)?.value);
}

export async function getT() {
  const locale = await getLocale();
  return { locale, t: getTranslator(locale) };
}
