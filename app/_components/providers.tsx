"use client";

import { IntlProvider } from "use-intl";
import type { Locale, Messages } from "@/lib/i18n";

export function Providers({ locale, messages, children }: { locale: Locale; messages: Messages; children: React.ReactNode }) {
  return (
    <IntlProvider locale={locale} messages={messages} timeZone="Asia/Seoul">
      {children}
    </IntlProvider>
  );
}
