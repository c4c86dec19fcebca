import { declareConflict } from "@/lib/reviews/reviewer";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json, readJson } from "@/lib/http/route";

/** Body: {"reason": "…"}. The assignment ends; the proposal leaves the reviewer's view. */
export const POST = apiRoute<{ id: string }>(async (req, { id }) => json(await declareConflict(await requestActor(req), id, await readJson(req), requestContext(req))));
