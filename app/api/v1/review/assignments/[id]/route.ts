import { getAssignedProposal, saveReview } from "@/lib/reviews/reviewer";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json, readJson } from "@/lib/http/route";

/** The assigned proposal (last submitted version), the rubric and the reviewer's own review. */
export const GET = apiRoute<{ id: string }>(async (req, { id }) => json(await getAssignedProposal(await requestActor(req), id)));

/** Body: {"scores": {criterion: points}, "comment": "…", "submit": true|false}. */
export const PUT = apiRoute<{ id: string }>(async (req, { id }) => json(await saveReview(await requestActor(req), id, await readJson(req), requestContext(req))));
