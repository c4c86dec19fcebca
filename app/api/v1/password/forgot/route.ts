import { after } from "next/server";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json, readJson } from "@/lib/http/route";
import { requestPasswordReset } from "@/lib/users/password-reset";

// 202 whether or not the address has an account: the answer reveals nothing.
export const POST = apiRoute(async (req) => {
  const { done } = await requestPasswordReset(await readJson(req), requestContext(req));
  after(done);
  return json({ accepted: true }, 202);
});
