import { requireActor } from "@/lib/auth/actor";
import { getProposalVersion } from "@/lib/proposals/get-proposal";
import { requestActor } from "@/lib/http/actor";
import { apiRoute, json } from "@/lib/http/route";

/** The submitted document itself: SHA-256 of its RFC 8785 canonical JSON is the receipt's hash. */
export const GET = apiRoute<{ id: string; n: string }>(async (req, { id, n }) => {
  const v = await getProposalVersion(requireActor(await requestActor(req)), id, /^\d{1,6}$/.test(n) ? Number(n) : NaN);
  return json(v.document, { headers: { "x-receipt-no": v.receiptNo, "x-receipt-sha256": v.sha256 } });
});
