import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/next-auth";
import { callbackUrlProblem, nextAuthRequestProblem } from "@/lib/auth/next-auth-routes";
import { errorResponse } from "@/lib/http/route";
import { appOrigin, requestLocale } from "@/lib/http/context";

const handler = NextAuth(authOptions);

type Ctx = { params: Promise<{ nextauth?: string[] }> };

/** next-auth behind a guard: paths and methods it has no answer for get a 4xx, not its 500. */
async function guarded(req: Request, ctx: Ctx): Promise<Response> {
  const locale = requestLocale(req.headers);
  try {
    const problem = nextAuthRequestProblem(req.method, (await ctx.params).nextauth ?? []);
    if (problem) {
      const res = errorResponse(problem.error, locale);
      if (problem.allow) res.headers.set("allow", problem.allow.join(", "));
      return res;
    }
    const bad = callbackUrlProblem(req, appOrigin(req));
    if (bad) {
      const res = errorResponse(bad.error, locale);
      for (const name of bad.clearCookies) res.headers.append("set-cookie", `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${name.startsWith("__Secure-") ? "; Secure" : ""}`);
      return res;
    }
    return await handler(req, ctx);
  } catch (e) {
    return errorResponse(e, locale);
  }
}

export { guarded as GET, guarded as POST, guarded as PUT, guarded as PATCH, guarded as DELETE };
