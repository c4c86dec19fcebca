import { requireActor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { revokeAccessToken } from "@/lib/auth/access-tokens";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json } from "@/lib/http/route";

export const DELETE = apiRoute<{ id: string }>(async (req, { id }) => {
  const actor = requireActor(await requestActor(req));
  // Tokens are managed from a signed-in session: a (valid) token cannot mint or revoke tokens.
  if (req.headers.get("authorization")) throw new AppError("FORBIDDEN");
  return json(await revokeAccessToken(actor, id, requestContext(req)));
});
