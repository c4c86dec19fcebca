import { removeAssignment } from "@/lib/reviews/assign";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json } from "@/lib/http/route";

export const DELETE = apiRoute<{ id: string }>(async (req, { id }) => json(await removeAssignment(await requestActor(req), id, requestContext(req))));
