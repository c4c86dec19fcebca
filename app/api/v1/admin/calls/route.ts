import { createCall, updateCall } from "@/lib/calls/admin-calls";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json, readJson } from "@/lib/http/route";

export const POST = apiRoute(async (req) => json(await createCall(await requestActor(req), await readJson(req), requestContext(req)), 201));

/** DESIGN §7 names PATCH on the collection: the body carries the call's id ({"id": …, "closesAt": …}). */
export const PATCH = apiRoute(async (req) => {
  const actor = await requestActor(req);
  const body = await readJson(req);
  const { id, ...changes } = (body && typeof body === "object" ? body : {}) as { id?: unknown };
  return json(await updateCall(actor, typeof id === "string" ? id : "", changes, requestContext(req)));
});
