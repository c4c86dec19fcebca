import { requestContext } from "@/lib/http/context";
import { apiRoute, json, readJson } from "@/lib/http/route";
import { verifyEmail } from "@/lib/users/verify-email";

export const POST = apiRoute(async (req) => {
  const user = await verifyEmail(await readJson(req), requestContext(req));
  return json({ email: user.email, verified: true });
});
