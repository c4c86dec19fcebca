import nodemailer from "nodemailer";
import { db, type Tx } from "@/lib/db/client";
import { now } from "@/lib/time/clock";
import { AppError } from "@/lib/errors";
import { isPlainMailAddress, mailHeaderText } from "./header";

export { isPlainMailAddress, mailHeaderText } from "./header";

export interface MailInput {
  to: string;
  subject: string;
  text: string;
  kind: string;
}

/**
 * Writes the mail to the outbox inside the caller's transaction: it exists exactly when the change
 * that caused it commits. With SMTP_URL set, call deliverMail(ids) after the commit.
 */
export async function queueMail(tx: Tx, mail: MailInput): Promise<string> {
  // Header values never carry a line break (subjects hold user text: names, titles).
  if (!isPlainMailAddress(mail.to)) throw new AppError("VALIDATION_FAILED", { fields: { email: "emailInvalid" } });
  const row = await tx.mailOutbox.create({ data: { ...mail, subject: mailHeaderText(mail.subject) }, select: { id: true } });
  return row.id;
}

let transport: nodemailer.Transporter | undefined;

export function smtpConfigured(): boolean {
  return Boolean(process.env.SMTP_URL);
}

/**
 * Whether admins may read one-time links in the outbox: only when no SMTP delivers mail and the
 * outbox is the mailbox on purpose (OUTBOX_LINKS=1: npm start sets it on the embedded default, the
 * e2e server sets it). Anywhere else a link in the outbox would let an admin take over the account.
 */
export function outboxShowsLinks(): boolean {
  return !smtpConfigured() && process.env.OUTBOX_LINKS === "1";
}

/** The mail text with every one-time token (…?token=…) replaced. */
export function redactLinks(text: string): string {
  return text.replace(/([?&]token=)[A-Za-z0-9_-]+/g, "$1[redacted]");
}

/** Sends queued mails over SMTP when configured; failures stay in the outbox with their error. */
export async function deliverMail(ids: string[]): Promise<void> {
  if (!smtpConfigured() || ids.length === 0) return;
  transport ??= nodemailer.createTransport(process.env.SMTP_URL!);
  const from = process.env.MAIL_FROM ?? "no-reply@localhost";
  for (const id of ids) {
    const mail = await db.mailOutbox.findUnique({ where: { id } });
    if (!mail || mail.sentAt) continue;
    try {
      // Again at the edge: rows written before this rule, or by SQL, pass here too.
      if (!isPlainMailAddress(mail.to)) throw new Error("recipient is not one plain address");
      await transport.sendMail({ from, to: mail.to, subject: mailHeaderText(mail.subject), text: mail.text });
      // Once delivered, the stored copy keeps no live link.
      await db.mailOutbox.update({ where: { id }, data: { sentAt: now(), error: null, text: redactLinks(mail.text) } });
    } catch (e) {
      await db.mailOutbox.update({ where: { id }, data: { error: String((e as Error).message).slice(0, 500) } });
    }
  }
}
