import { describe, expect, it } from "vitest";
import { invitationTokenOf, landingPath, safeCallbackPath } from "@/lib/auth/callback-path";

const TOKEN = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde";

describe("safeCallbackPath", () => {
  it("keeps a path on this site, with its query, and drops the fragment", () => {
    expect(safeCallbackPath(`/invitations/accept?token=${TOKEN}`)).toBe(`/invitations/accept?token=${TOKEN}`);
    expect(safeCallbackPath("/consortia")).toBe("/consortia");
    expect(safeCallbackPath("/admin/outbox?to=a%40b.kr#top")).toBe("/admin/outbox?to=a%40b.kr");
    expect(safeCallbackPath("/")).toBe("/");
    // Dot segments are resolved inside the site, never above it.
    expect(safeCallbackPath("/a/../../consortia")).toBe("/consortia");
  });

  it("refuses other hosts, schemes, backslashes, control characters and anything not a string", () => {
    for (const hostile of [
      "//evil.example",
      "//evil.example/invitations/accept?token=x",
      "https://evil.example",
      "http://evil.example/consortia",
      "/\\evil",
      "/\\/evil.example",
      "\\\\evil.example",
      "/%5Cevil", // stays a path on this site: see below
      "javascript:alert(1)",
      "data:text/html,x",
      "evil.example",
      " /consortia",
      "/consortia\n//evil.example",
      "/\t/evil.example",
      "",
    ]) {
      const kept = safeCallbackPath(hostile);
      if (kept !== null) expect(kept, hostile).toMatch(/^\/(?![/\\])/);
      else expect(kept).toBeNull();
    }
    expect(safeCallbackPath("//evil.example")).toBeNull();
    expect(safeCallbackPath("https://evil.example")).toBeNull();
    expect(safeCallbackPath("/\\evil")).toBeNull();
    expect(safeCallbackPath("/\t/evil.example")).toBeNull();
    expect(safeCallbackPath("javascript:alert(1)")).toBeNull();
    expect(safeCallbackPath("/%5Cevil")).toBe("/%5Cevil"); // percent-encoded: a path here, not a host
    for (const notText of [undefined, null, 42, ["/consortia"], { toString: () => "/x" }]) expect(safeCallbackPath(notText)).toBeNull();
    expect(safeCallbackPath(`/${"a".repeat(600)}`)).toBeNull();
  });

  it("takes a full URL only of the portal's own origin, as its path", () => {
    const own = "http://localhost:3210";
    expect(safeCallbackPath("http://localhost:3210/invitations/accept?token=abc", own)).toBe("/invitations/accept?token=abc");
    expect(safeCallbackPath("https://evil.example/consortia", own)).toBeNull();
    expect(safeCallbackPath("http://localhost:3211/consortia", own)).toBeNull();
    expect(safeCallbackPath("http://user:pw@localhost:3210/consortia", own)).toBeNull();
    expect(safeCallbackPath("http://localhost:3210//evil.example", own)).toBeNull();
    // Without the origin no full URL is taken at all.
    expect(safeCallbackPath("http://localhost:3210/consortia")).toBeNull();
  });
});

describe("invitationTokenOf", () => {
  it("reads the token of the accept page only", () => {
    expect(invitationTokenOf(`/invitations/accept?token=${TOKEN}`)).toBe(TOKEN);
    expect(invitationTokenOf(`/consortia?token=${TOKEN}`)).toBeNull();
    expect(invitationTokenOf("/invitations/accept")).toBeNull();
    expect(invitationTokenOf("/invitations/accept?token=short")).toBeNull();
    expect(invitationTokenOf(`/invitations/accept?token=${TOKEN}%3Cscript%3E`)).toBeNull();
    expect(invitationTokenOf(null)).toBeNull();
  });
});

describe("landingPath (after a sign-in that names no page)", () => {
  it("sends applicants to 내 컨소시엄, reviewers to their assignments, administrators to the dashboard", () => {
    expect(landingPath(["APPLICANT"])).toBe("/consortia");
    expect(landingPath(["REVIEWER"])).toBe("/review");
    expect(landingPath(["ADMIN"])).toBe("/admin");
    expect(landingPath(["APPLICANT", "REVIEWER"])).toBe("/consortia");
    expect(landingPath(["ADMIN", "REVIEWER"])).toBe("/admin");
    expect(landingPath([])).toBe("/");
  });
});
