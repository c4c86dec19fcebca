"use client";

import { useEffect, useState } from "react";
import { useTranslations } from "use-intl";
import { splitDuration } from "@/lib/time/kst";

/**
 * Time left until `closesAt`, driven by the server's clock: the offset between GET /api/v1/time and
 * this browser's clock is measured once (half the round trip as latency) and applied at each tick.
 */
export function Countdown({ opensAt, closesAt, serverNow, closedText }: { opensAt: string; closesAt: string; serverNow: string; closedText: string }) {
  const t = useTranslations("calls");
  const [now, setNow] = useState(() => new Date(serverNow).getTime());
  useEffect(() => {
    let offset = new Date(serverNow).getTime() - Date.now();
    let timer: ReturnType<typeof setInterval> | undefined;
    const tick = () => setNow(Date.now() + offset);
    const sync = async () => {
      try {
        const t0 = Date.now();
        const res = await fetch("/api/v1/time", { cache: "no-store" });
        const body = (await res.json()) as { now: string };
        const t1 = Date.now();
        offset = new Date(body.now).getTime() - (t0 + t1) / 2;
      } catch {
        // keep the offset from the page's render
      }
      tick();
    };
    void sync();
    timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [serverNow]);

  const close = new Date(closesAt).getTime();
  if (now >= close) return <p className="countdown" data-testid="countdown" data-state="CLOSED">{closedText}</p>;
  if (now < new Date(opensAt).getTime()) return <p className="countdown" data-testid="countdown" data-state="UPCOMING">{t("upcomingLine")}</p>;
  const d = splitDuration(close - now);
  return (
    <p className="countdown" data-testid="countdown" data-state="OPEN" aria-live="off">
      {t("countdownLabel")}: {t("countdown", d)}
    </p>
  );
}
