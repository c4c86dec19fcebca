import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { submitProposal } from "@/lib/proposals/submit-proposal";
import { saveDraft } from "@/lib/proposals/save-draft";
import { ctx } from "../support/factories";
import { appError } from "../support/expect-error";
import { fullDraft, makeCall, readyProposal } from "../support/apply";

// Issue 6, "the clock: a client that sends its own timestamps changes nothing": no input carries a
// time the server would use; extra time fields are refused, and the receipt's time is the database's.
describe("client-sent timestamps", () => {
  it("are refused in a submit body and in a draft; the receipt carries PostgreSQL's clock", async () => {
    const call = await makeCall({ closesAt: new Date(Date.now() + 3600_000) });
    const r = await readyProposal(call.slug);
    const early = "2020-01-01T00:00:00.000Z";
    expect((await appError(submitProposal(r.owner, r.proposalId, { body: { submittedAt: early }, idempotencyKey: null }, ctx))).code).toBe("VALIDATION_FAILED");
    expect((await appError(saveDraft(r.owner, r.proposalId, { draft: { ...fullDraft(), savedAt: early }, expectedVersion: r.draftVersion }, ctx))).code).toBe("VALIDATION_FAILED");
    expect(await db.proposalVersion.count({ where: { proposalId: r.proposalId } })).toBe(0);
    const before = Date.now();
    const receipt = await submitProposal(r.owner, r.proposalId, { body: {}, idempotencyKey: null }, ctx);
    const at = new Date(receipt.submittedAt).getTime();
    expect(Math.abs(at - before)).toBeLessThan(5_000);
    const rows = await db.$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS now`;
    expect(at).toBeLessThanOrEqual(rows[0]!.now.getTime());

    // Past the cutoff (moved by the server), a client claiming an earlier time still gets CALL_CLOSED.
    await db.call.update({ where: { id: call.id }, data: { closesAt: new Date(Date.now() - 1000) } });
    const late = await appError(submitProposal(r.owner, r.proposalId, { body: { submittedAt: early }, idempotencyKey: null }, ctx));
    expect(late.code).toBe("CALL_CLOSED");
  });
});
