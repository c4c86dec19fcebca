import { assignReviewer } from "@/lib/reviews/assign";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json, readJson } from "@/lib/http/route";

/** Body: {"proposalId", "reviewerId", "acknowledgeConflict"?}; a detected conflict is 409 unless acknowledged. */
export const POST = apiRoute(async (req) => json(await assignReviewer(await requestActor(req), await readJson(req), requestContext(req)), 201));
