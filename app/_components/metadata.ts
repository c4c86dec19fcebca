import type { Metadata } from "next";
import type { Actor } from "@/lib/auth/actor";
import { getActor } from "@/lib/auth/session";
import { getT } from "@/lib/i18n/server";

type Key = Parameters<Awaited<ReturnType<typeof getT>>["t"]>[0];

// Every page's own <title> (issue 12 item 7): «화면 – 과제명 | 포털 이름». The root layout's template
// adds « | 포털 이름»; Next.js swaps the title on client-side navigation too.

/** A screen without a record: its heading's message key. */
export function pageTitle(key: Key) {
  return async (): Promise<Metadata> => {
    const { t } = await getT();
    return { title: t(key) };
  };
}

/**
 * A record's screen: «screen – name», the name read with the visitor's own rights. Signed out, not
 * found or forbidden, the title is the screen alone, so a title never tells that a record exists.
 */
export async function recordTitle(key: Key, name: (actor: Actor | null) => Promise<string | null | undefined>): Promise<Metadata> {
  const { t } = await getT();
  let n: string | null | undefined = null;
  try {
    n = await name(await getActor());
  } catch {
    n = null;
  }
  return { title: n ? `${t(key)} – ${n}` : t(key) };
}
