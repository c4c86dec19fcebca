import { requestContext } from "@/lib/http/context";
import { apiRoute, json, readJson } from "@/lib/http/route";
import { registerUser } from "@/lib/users/register-user";

export const POST = apiRoute(async (req) => {
  const user = await registerUser(await readJson(req), requestContext(req));
  return json({ id: user.id, email: user.email, name: user.name, verificationSent: true }, 201);
});
