import { isoInstant, safeParagraphs, safeText, z } from "@/lib/zod";

// No database code here: the admin's extension form parses with the server's schema.

export const grantExtensionSchema = z.strictObject({
  consortiumId: safeText().max(64, "tooLong"),
  until: isoInstant(),
  reason: safeParagraphs().trim().min(10, "reasonTooShort").max(2000, "tooLong"),
});
