"use client";

import { useId, useState } from "react";
import { useTranslations } from "use-intl";

// A KST date-time without <input type="datetime-local"> (issue 12 item 15): that control follows the
// browser's locale (12-hour with AM/PM in en-US). A date input and a 24-hour HH:mm text input, both
// labelled KST, whatever the browser's language or zone.

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** "9:5" → "09:05", "1600" → "16:00"; anything else as typed (then refused). */
export function normalizeTime(v: string): string {
  // Only the digits of a 24-hour time: "4:00 PM" stays as typed and is refused.
  const s = v.trim();
  const m = /^(\d{1,2})[:.]?(\d{2})$/.exec(s) ?? /^(\d{1,2}):(\d)$/.exec(s);
  if (!m) return s;
  return `${m[1]!.padStart(2, "0")}:${m[2]!.padStart(2, "0")}`;
}

/** The `YYYY-MM-DDTHH:mm` the pair means, "" when both are empty, null when it is incomplete or wrong. */
export function combineKst(date: string, time: string, timeOptional = false): string | null {
  const t = normalizeTime(time);
  if (!date && !t) return "";
  if (!DATE.test(date)) return null;
  if (!t) return timeOptional ? `${date}T00:00` : null;
  return TIME.test(t) ? `${date}T${t}` : null;
}

export function KstDateTimeInput({
  id,
  label,
  value,
  onChange,
  testId,
  name,
  invalid,
  describedBy,
  timeOptional = false,
  inputRef,
}: {
  id?: string;
  label: string;
  /** `YYYY-MM-DDTHH:mm` in KST, or "". */
  value: string;
  /** The new value, "" when cleared, null while incomplete or not a time. */
  onChange?: (v: string | null) => void;
  testId: string;
  /** With a name, a hidden input carries the value (GET forms). */
  name?: string;
  invalid?: boolean;
  describedBy?: string;
  timeOptional?: boolean;
  /** The date input's ref (a form library focuses it on an error). */
  inputRef?: React.Ref<HTMLInputElement>;
}) {
  const t = useTranslations("consoleLists");
  const auto = useId();
  const base = id ?? auto;
  const [date, setDate] = useState(value.slice(0, 10));
  const [time, setTime] = useState(value.slice(11, 16));
  const [seen, setSeen] = useState(value);
  const [touched, setTouched] = useState(false);
  const combined = combineKst(date, time, timeOptional);
  // A value set from outside (a reset, a save) replaces what is typed; our own echo does not.
  if (value !== seen) {
    setSeen(value);
    if (value !== (combined ?? "")) {
      setDate(value.slice(0, 10));
      setTime(value.slice(11, 16));
    }
  }
  const update = (d: string, tm: string) => onChange?.(combineKst(d, tm, timeOptional));
  const timeBad = touched && time.trim() !== "" && !TIME.test(normalizeTime(time));
  const dateMissing = touched && !date && time.trim() !== "";
  const errId = `${base}-kst-error`;
  return (
    <fieldset className="kst-datetime" data-testid={testId} aria-describedby={describedBy}>
      <legend>{label}</legend>
      <div className="kst-datetime-row">
        <label className="kst-date">
          <span className="sr-only">
            {label} · {t("date")}
          </span>
          <input
            id={base}
            ref={inputRef}
            type="date"
            value={date}
            onChange={(e) => {
              setDate(e.target.value);
              update(e.target.value, time);
            }}
            aria-invalid={invalid || dateMissing || undefined}
            data-testid={`${testId}-date`}
          />
        </label>
        <label className="kst-time">
          <span className="sr-only">
            {label} · {t("time")}
          </span>
          <input
            type="text"
            inputMode="numeric"
            autoComplete="off"
            placeholder="HH:mm"
            maxLength={8}
            size={6}
            value={time}
            onChange={(e) => {
              setTime(e.target.value);
              update(date, e.target.value);
            }}
            onBlur={() => {
              setTouched(true);
              const n = normalizeTime(time);
              if (n !== time && TIME.test(n)) {
                setTime(n);
                update(date, n);
              }
            }}
            aria-invalid={invalid || timeBad || undefined}
            aria-describedby={timeBad || dateMissing ? errId : undefined}
            data-testid={`${testId}-time`}
          />
        </label>
        <span className="kst-zone" aria-hidden="true">
          {t("kst")} · 24h
        </span>
      </div>
      {(timeBad || dateMissing) && (
        <span className="field-error" id={errId} role="alert" data-testid={`${testId}-invalid`}>
          {timeBad ? t("timeInvalid") : t("dateMissing")}
        </span>
      )}
      {name && <input type="hidden" name={name} value={combined ?? ""} />}
    </fieldset>
  );
}
