import { requireActor } from "@/lib/auth/actor";
import { removeOrganization, updateOrganization } from "@/lib/consortia/manage-organizations";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json, readJson } from "@/lib/http/route";

type P = { id: string; orgId: string };

export const PATCH = apiRoute<P>(async (req, { id, orgId }) => {
  const actor = requireActor(await requestActor(req));
  return json(await updateOrganization(actor, id, orgId, await readJson(req), requestContext(req)));
});

export const DELETE = apiRoute<P>(async (req, { id, orgId }) => {
  const actor = requireActor(await requestActor(req));
  return json(await removeOrganization(actor, id, orgId, requestContext(req)));
});
