"use client";

import { useId, useMemo, useState } from "react";
import { useTranslations } from "use-intl";

export interface PickerOption {
  id: string;
  title: string;
  isDemo: boolean;
}

/**
 * The dashboard's call picker (issue 12 item 15): one <select> grouped by state (접수 중 / 예정 / 마감),
 * narrowed by a search box, inside a GET form, so it works with 200 calls and without JavaScript.
 */
export function CallPicker({ groups, selected, demoBadge }: { groups: { state: "OPEN" | "UPCOMING" | "CLOSED"; calls: PickerOption[] }[]; selected: string; demoBadge: string }) {
  const t = useTranslations("consoleLists");
  const id = useId();
  const [q, setQ] = useState("");
  const [value, setValue] = useState(selected);
  const total = groups.reduce((n, g) => n + g.calls.length, 0);
  const needle = q.trim().toLocaleLowerCase();
  const shown = useMemo(
    () => groups.map((g) => ({ ...g, calls: needle ? g.calls.filter((c) => c.id === value || c.title.toLocaleLowerCase().includes(needle)) : g.calls })).filter((g) => g.calls.length > 0),
    [groups, needle, value],
  );
  const count = shown.reduce((n, g) => n + g.calls.length, 0);
  return (
    <form method="get" action="/admin" className="dash-call-picker" role="search" aria-label={t("pickerSearch")} data-testid="dash-picker">
      <label className="field" htmlFor={`${id}-q`}>
        {t("pickerSearch")}
        <input id={`${id}-q`} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t("pickerSearchHint")} aria-describedby={`${id}-count`} autoComplete="off" data-testid="dash-picker-search" />
      </label>
      <label className="field" htmlFor={`${id}-call`}>
        {t("scopeCall")}
        <select id={`${id}-call`} name="call" value={value} onChange={(e) => setValue(e.target.value)} data-testid="dash-picker-select">
          {shown.map((g) => (
            <optgroup key={g.state} label={t(`pickerState.${g.state}`)} data-state={g.state}>
              {g.calls.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                  {c.isDemo ? ` (${demoBadge})` : ""}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <button type="submit" className="button" data-testid="dash-picker-show">
        {t("pickerShow")}
      </button>
      <p className="muted" id={`${id}-count`} aria-live="polite" data-testid="dash-picker-count">
        {t("pickerCount", { count: total, shown: count })} {t("pickerDefault")}
      </p>
    </form>
  );
}
