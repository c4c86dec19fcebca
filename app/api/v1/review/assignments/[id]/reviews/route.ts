import { listOtherReviews } from "@/lib/reviews/reviewer";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json } from "@/lib/http/route";

/** Other reviewers' submitted reviews: 403 until the caller has submitted their own. */
export const GET = apiRoute<{ id: string }>(async (req, { id }) => json({ reviews: await listOtherReviews(await requestActor(req), id, requestContext(req)) }));
