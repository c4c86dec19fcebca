import { signDeclaration } from "@/lib/reviews/reviewer";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json, readJson } from "@/lib/http/route";

/** Body: {"noConflict": true, "confidentiality": true}. */
export const POST = apiRoute<{ id: string }>(async (req, { id }) => json(await signDeclaration(await requestActor(req), id, await readJson(req), requestContext(req))));
