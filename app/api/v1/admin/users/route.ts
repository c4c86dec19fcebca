import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json, readJson } from "@/lib/http/route";
import { createStaffUser, listUsers } from "@/lib/users/admin-users";

export const GET = apiRoute(async (req) => {
  const q = new URL(req.url).searchParams.get("q") ?? undefined;
  return json({ users: await listUsers(await requestActor(req), { q }) });
});

export const POST = apiRoute(async (req) => {
  const actor = await requestActor(req);
  const user = await createStaffUser(actor, await readJson(req), requestContext(req));
  return json(user, 201);
});
