import type { Tx } from "@/lib/db/client";
import type { z } from "zod";
import type { organizationSchema } from "./schemas";

/**
 * One row per organisation, whoever names it: found by its business registration number. The first
 * registration's name and details stand; a consortium naming a known number joins that row.
 */
export async function upsertOrganization(tx: Tx, org: z.output<typeof organizationSchema>): Promise<string> {
  const row = await tx.organization.upsert({
    where: { businessRegNo: org.businessRegNo },
    create: org,
    update: {},
    select: { id: true },
  });
  return row.id;
}
