import { requestContext } from "@/lib/http/context";
import { apiRoute, json, readJson } from "@/lib/http/route";
import { resetPassword } from "@/lib/users/password-reset";

export const POST = apiRoute(async (req) => {
  const { email } = await resetPassword(await readJson(req), requestContext(req));
  return json({ email, passwordChanged: true });
});
