import { updateCall } from "@/lib/calls/admin-calls";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json, readJson } from "@/lib/http/route";

export const PATCH = apiRoute<{ id: string }>(async (req, { id }) => json(await updateCall(await requestActor(req), id, await readJson(req), requestContext(req))));
