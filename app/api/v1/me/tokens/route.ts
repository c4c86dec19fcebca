import { requireActor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { createAccessToken, listAccessTokens } from "@/lib/auth/access-tokens";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json, readJson } from "@/lib/http/route";

export const GET = apiRoute(async (req) => json({ tokens: await listAccessTokens(requireActor(await requestActor(req))) }));

/** The token itself is in this response only; it is stored hashed. */
export const POST = apiRoute(async (req) => {
  const actor = requireActor(await requestActor(req));
  // Tokens are managed from a signed-in session: a (valid) token cannot mint or revoke tokens.
  if (req.headers.get("authorization")) throw new AppError("FORBIDDEN");
  return json(await createAccessToken(actor, await readJson(req), requestContext(req)), 201);
});
