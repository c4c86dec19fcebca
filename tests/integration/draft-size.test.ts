import { beforeAll, describe, expect, it } from "vitest";
import { PATCH } from "@/app/api/v1/proposals/[id]/route";
import { createAccessToken } from "@/lib/auth/access-tokens";
import { proposalDraftSchema } from "@/lib/proposals/content";
import { db } from "@/lib/db/client";
import { makeCall, readyProposal } from "../support/apply";
import { escapedJson, maximalDraft } from "../support/builders";
import { ctx } from "../support/factories";

// Issue 11 review item 4: the largest draft the schema accepts must autosave through the route,
// which reads its body with readJson (the intake in front of it uses the same limit).
let slug: string;
beforeAll(async () => {
  slug = (await makeCall()).slug;
});

async function patch(id: string, token: string, version: number, body: string) {
  const req = new Request(`http://portal.test/api/v1/proposals/${id}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "if-match": `"${version}"` },
    body,
  });
  return PATCH(req, { params: Promise.resolve({ id }) });
}

describe("autosaving the largest valid draft (issue 11 review item 4)", () => {
  it("saves ten full-length Korean models, in plain UTF-8 and fully \\u-escaped", async () => {
    const r = await readyProposal(slug);
    const { token } = await createAccessToken(r.owner, { name: "autosave", expiresInDays: 1 }, ctx);
    const draft = maximalDraft();
    expect(proposalDraftSchema.safeParse(draft).success).toBe(true);

    const plain = JSON.stringify({ draft });
    expect(Buffer.byteLength(plain)).toBeGreaterThan(256 * 1024); // over the old cap
    const a = await patch(r.proposalId, token, r.draftVersion, plain);
    expect(a.status).toBe(200);
    const savedA = (await a.json()) as { draftVersion: number };

    const escaped = escapedJson({ draft });
    expect(Buffer.byteLength(escaped)).toBeGreaterThan(600 * 1024);
    const b = await patch(r.proposalId, token, savedA.draftVersion, escaped);
    expect(b.status).toBe(200);

    const row = await db.proposal.findUniqueOrThrow({ where: { id: r.proposalId }, select: { draft: true } });
    expect(row.draft).toEqual(draft);
  });

  it("still refuses a body over the draft's limit with 413", async () => {
    const r = await readyProposal(slug);
    const { token } = await createAccessToken(r.owner, { name: "autosave", expiresInDays: 1 }, ctx);
    const big = JSON.stringify({ draft: { plan: { computePlan: "가".repeat(400_000) } } }); // 1.2 MB
    const res = await patch(r.proposalId, token, r.draftVersion, big);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("PAYLOAD_TOO_LARGE");
  });
});
