import { after } from "next/server";
import { requestSignInLink } from "@/lib/auth/sign-in-link";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json, readJson } from "@/lib/http/route";

// 202 whether or not the address has an account; the mail goes out after the answer.
export const POST = apiRoute(async (req) => {
  const { done } = await requestSignInLink(await readJson(req), requestContext(req));
  after(done);
  return json({ accepted: true }, 202);
});
