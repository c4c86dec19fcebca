import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json, readJson } from "@/lib/http/route";
import { updateUser } from "@/lib/users/admin-users";

export const PATCH = apiRoute<{ id: string }>(async (req, { id }) => {
  const actor = await requestActor(req);
  return json(await updateUser(actor, id, await readJson(req), requestContext(req)));
});
