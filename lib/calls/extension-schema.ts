import { z } from "zod";

// No database code here: the admin's extension form parses with the server's schema.

export const grantExtensionSchema = z.object({
  consortiumId: z.string({ message: "required" }).max(64),
  until: z.iso.datetime({ offset: true, message: "dateTimeInvalid" }).transform((s) => new Date(s)),
  reason: z.string({ message: "required" }).trim().min(10, "reasonTooShort").max(2000, "tooLong"),
});
