import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { isAppError } from "@/lib/errors";
import { clientIpFromHeaders } from "@/lib/http/ip";
import { authenticate, endAllSessions } from "./sign-in";
import { authenticateByLink } from "./sign-in-link";

declare module "next-auth" {
  interface Session {
    uid?: string;
    sv?: number;
  }
  interface User {
    sessionVersion?: number;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    sv?: number;
  }
}

/**
 * Where to go after sign-in or sign-out: a path of ours, or a URL of our origin; anything else (another
 * host, "//host", "javascript:", no URL at all) goes home.
 */
export function safeCallbackUrl(url: string, baseUrl: string): string {
  if (url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\")) return `${baseUrl}${url}`;
  try {
    const u = new URL(url);
    if (u.origin === new URL(baseUrl).origin) return u.href;
  } catch {
    // not a URL
  }
  return baseUrl;
}

// JWT sessions (the Credentials provider allows no other). The token carries only the user id and
// the session version; roles, name and "is this session still valid" are read from the database on
// every request (lib/auth/session.ts), so sign-out, role changes and disabling take effect at once.
export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: 12 * 3600 },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [
    CredentialsProvider({
      name: "email",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        try {
          const user = await authenticate(credentials, clientIpFromHeaders(req?.headers));
          return user ? { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } : null;
        } catch (e) {
          // next-auth passes the message on as ?error=<code>
          if (isAppError(e)) throw new Error(e.code);
          throw e;
        }
      },
    }),
    // The emailed one-time link (decision 012): never closed by the password throttle.
    CredentialsProvider({
      id: "email-link",
      name: "email-link",
      credentials: { token: { label: "Token", type: "text" } },
      async authorize(credentials, req) {
        try {
          const user = await authenticateByLink(credentials, clientIpFromHeaders(req?.headers));
          return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
        } catch (e) {
          if (isAppError(e)) throw new Error(e.code);
          throw e;
        }
      },
    }),
  ],
  callbacks: {
    // next-auth's default runs `new URL(url)` unguarded: a callbackUrl such as "notaurl" answered 500.
    redirect: ({ url, baseUrl }) => safeCallbackUrl(url, baseUrl),
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sv = user.sessionVersion;
      }
      return token;
    },
    session({ session, token }) {
      return { expires: session.expires, uid: token.uid, sv: token.sv };
    },
  },
  events: {
    async signOut({ token }) {
      if (token?.uid) await endAllSessions(token.uid, null);
    },
  },
};
