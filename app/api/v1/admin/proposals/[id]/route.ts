import { getProposalForAdmin } from "@/lib/admin/proposals";
import { requestActor } from "@/lib/http/actor";
import { apiRoute, json } from "@/lib/http/route";

/** Every submitted version with its document, and the changes from the version before. */
export const GET = apiRoute<{ id: string }>(async (req, { id }) => json(await getProposalForAdmin(await requestActor(req), id)));
