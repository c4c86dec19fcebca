import { cookies, headers } from "next/headers";
import { getTranslator, LOCALE_COOKIE, localeFromAcceptLanguage, toLocale, type Locale } from "./index";

/** The page's language: the `locale` cookie (set by the switch), else the browser's preference, else Korean. */
export async function getLocale(): Promise<Locale> {
  const c = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (c) return toLocale(c);
  return localeFromAcceptLanguage((await headers()).get("accept-language"));
}

export async function getT() {
  const locale = await getLocale();
  return { locale, t: getTranslator(locale) };
}
