"use client";

import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useTranslations } from "use-intl";

export interface ConfirmOptions {
  /** The question in a few words: 「모델 삭제」. */
  title: string;
  /** What will be lost, in a sentence: 「모델 2 ‘Tri-21B’을(를) 삭제합니다. 되돌릴 수 없습니다.」 */
  body?: ReactNode;
  /** The confirming button's label: 「삭제」, 「정지」, 「제출」. */
  confirmLabel: string;
  /** Red for what cannot be undone (the default); the brand colour for a submission. */
  tone?: "danger" | "primary";
  /** Wider, for a summary. */
  wide?: boolean;
}

/**
 * One accessible confirmation for every destructive or final action: a native modal <dialog>
 * (showModal: the page behind is inert), focus on the safe button (취소) first, Escape and 취소
 * cancel, Tab and Shift+Tab stay inside. The caller awaits the answer:
 *
 *   const [confirm, dialog] = useConfirm();
 *   if (!(await confirm({ title, body, confirmLabel }))) return;
 *   …and renders {dialog} somewhere.
 */
export function useConfirm() {
  const [pending, setPending] = useState<{ options: ConfirmOptions; resolve: (ok: boolean) => void } | null>(null);
  const confirm = useCallback((options: ConfirmOptions) => new Promise<boolean>((resolve) => setPending({ options, resolve })), []);
  const answer = (ok: boolean) => {
    pending?.resolve(ok);
    setPending(null);
  };
  const dialog = pending ? <ConfirmDialog {...pending.options} onConfirm={() => answer(true)} onCancel={() => answer(false)} /> : null;
  return [confirm, dialog] as const;
}

export function ConfirmDialog({ title, body, confirmLabel, tone = "danger", wide, onConfirm, onCancel }: ConfirmOptions & { onConfirm: () => void; onCancel: () => void }) {
  const t = useTranslations("common");
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const id = useId();
  const answered = useRef(false);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => {
      if (dialog.open) dialog.close();
      // Focus goes back to what opened it, when that is still on the page (a deleted row's button is not).
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const once = (f: () => void) => () => {
    if (answered.current) return; // a double click answers once
    answered.current = true;
    f();
  };

  return (
    <dialog
      ref={ref}
      className={wide ? "confirm-dialog wide" : "confirm-dialog"}
      aria-labelledby={`${id}-title`}
      aria-describedby={body ? `${id}-body` : undefined}
      data-testid="confirm-dialog"
      onCancel={(e) => {
        // Escape: the answer is 취소; React's state closes the dialog.
        e.preventDefault();
        once(onCancel)();
      }}
      onKeyDown={(e) => {
        if (e.key !== "Tab") return;
        const items = [...e.currentTarget.querySelectorAll<HTMLElement>("button:not([disabled]), a[href], input:not([disabled]), [tabindex]:not([tabindex='-1'])")];
        if (items.length === 0) return;
        const first = items[0]!;
        const last = items[items.length - 1]!;
        if (e.shiftKey && document.activeElement === first) {
          e.preventDefault();
          last.focus();
        } else if (!e.shiftKey && document.activeElement === last) {
          e.preventDefault();
          first.focus();
        }
      }}
    >
      <h2 id={`${id}-title`} className="confirm-title">
        {title}
      </h2>
      {body && (
        <div id={`${id}-body`} className="confirm-body">
          {body}
        </div>
      )}
      <div className="confirm-actions">
        <button ref={cancelRef} type="button" className="button secondary" onClick={once(onCancel)} data-testid="confirm-cancel">
          {t("cancel")}
        </button>
        <button type="button" className={tone === "danger" ? "button danger" : "button"} onClick={once(onConfirm)} data-testid="confirm-yes">
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
