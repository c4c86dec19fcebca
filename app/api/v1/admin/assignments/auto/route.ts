import { autoAssign } from "@/lib/reviews/assign";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json, readJson } from "@/lib/http/route";

/** Body: {"callId", "perProposal"}: balanced, conflict-free; unfilled slots are reported. */
export const POST = apiRoute(async (req) => json(await autoAssign(await requestActor(req), await readJson(req), requestContext(req))));
