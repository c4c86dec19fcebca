// Virtual applicants for the rush and the ladder, written straight into PostgreSQL (seeding 1,000
// through the services would take minutes): per applicant a verified user with a personal access
// token, a lead organisation with its confirmed share, a consortium, a draft that passes the submit
// schema and the two required attachments (small real PDFs on disk). Everything the real submit reads.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { withCheckDigit } from "../../lib/consortia/business-number";
import { fullDraft, REQUESTED_KRW } from "../../tests/support/builders";

export interface Applicant {
  token: string;
  userId: string;
  proposalId: string;
  serialNo: number;
}

export interface World {
  callId: string;
  applicants: Applicant[];
}

const sha = (s: string | Buffer) => crypto.createHash("sha256").update(s).digest("hex");

/** A call open since yesterday that closes at `closesAt` (moved later with `setCutoff`). */
export async function seedWorld(url: string, opts: { applicants: number; closesAt: Date; uploadDir: string; regNoBase?: number }): Promise<World> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const callId = crypto.randomUUID();
    await c.query(
      `INSERT INTO calls (id, slug, title_ko, title_en, ministry_ko, ministry_en, total_budget, opens_at, closes_at, updated_at)
       VALUES ($1, $2, '벤치 공고', 'Bench call', '과학기술정보통신부', 'Ministry of Science and ICT', 193600000000, now() - interval '1 day', $3, now())`,
      [callId, `bench-${callId.slice(0, 8)}`, opts.closesAt],
    );
    const pdf = (label: string) => Buffer.from(`%PDF-1.4\n% ${label}\n%%EOF\n`);
    const files = [pdf("business plan"), pdf("consortium agreement")];
    const dir = "2025/07"; // storage keys are <year>/<month>/<uuid>
    fs.mkdirSync(path.join(opts.uploadDir, dir), { recursive: true });
    const draft = JSON.stringify(fullDraft());
    const applicants: Applicant[] = [];
    const BATCH = 500;
    const base = opts.regNoBase ?? crypto.randomInt(10_000_000, 80_000_000);
    for (let start = 0; start < opts.applicants; start += BATCH) {
      const idx = Array.from({ length: Math.min(BATCH, opts.applicants - start) }, (_, k) => start + k);
      const users = idx.map(() => crypto.randomUUID());
      const orgs = idx.map(() => crypto.randomUUID());
      const cons = idx.map(() => crypto.randomUUID());
      const props = idx.map(() => crypto.randomUUID());
      const tokens = idx.map(() => `sapt_${crypto.randomBytes(32).toString("base64url")}`);
      await c.query("BEGIN");
      await c.query(
        `INSERT INTO users (id, email, name, roles, email_verified_at, updated_at)
         SELECT id, 'rush-' || id || '@bench.example', '가상 신청자 ' || n, '{APPLICANT}', now(), now() FROM unnest($1::uuid[], $2::int[]) AS t(id, n)`,
        [users, idx],
      );
      await c.query(
        `INSERT INTO personal_access_tokens (id, user_id, name, token_hash, prefix)
         SELECT gen_random_uuid(), u, 'rush', h, p FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(u, h, p)`,
        [users, tokens.map((t) => sha(t)), tokens.map((t) => t.slice(0, 12))],
      );
      await c.query(
        `INSERT INTO organizations (id, name, business_reg_no, type, representative_name)
         SELECT id, '가상 기관 ' || n, r, 'SME_STARTUP', '홍길동' FROM unnest($1::uuid[], $2::int[], $3::text[]) AS t(id, n, r)`,
        [orgs, idx, idx.map((i) => withCheckDigit(String(base + i).padStart(9, "0")))],
      );
      await c.query(
        `INSERT INTO consortia (id, call_id, name, lead_organization_id, created_by_id, updated_at)
         SELECT id, $2::uuid, '가상 컨소시엄 ' || n, o, u, now() FROM unnest($1::uuid[], $3::int[], $4::uuid[], $5::uuid[]) AS t(id, n, o, u)`,
        [cons, callId, idx, orgs, users],
      );
      await c.query(
        `INSERT INTO consortium_organizations (id, consortium_id, organization_id, role, responsibility, budget_share_krw, confirmed_share_krw, confirmed_at, confirmed_by_id)
         SELECT gen_random_uuid(), c, o, 'LEAD', '총괄', $3, $3, now(), u FROM unnest($1::uuid[], $2::uuid[], $4::uuid[]) AS t(c, o, u)`,
        [cons, orgs, REQUESTED_KRW, users],
      );
      await c.query(
        `INSERT INTO consortium_members (id, consortium_id, user_id, organization_id, role)
         SELECT gen_random_uuid(), c, u, o, 'OWNER' FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS t(c, u, o)`,
        [cons, users, orgs],
      );
      const serials = await c.query<{ id: string; serial_no: number }>(
        `INSERT INTO proposals (id, call_id, consortium_id, status, draft, draft_version, draft_saved_at, draft_saved_by_id)
         SELECT p, $2::uuid, c, 'DRAFT', $3::jsonb, 1, now(), u FROM unnest($1::uuid[], $4::uuid[], $5::uuid[]) AS t(p, c, u)
         RETURNING id, serial_no`,
        [props, callId, draft, cons, users],
      );
      const serialOf = new Map(serials.rows.map((r) => [r.id, r.serial_no]));
      for (const [j, bytes] of files.entries()) {
        const ids = props.map(() => crypto.randomUUID());
        for (const id of ids) fs.writeFileSync(path.join(opts.uploadDir, dir, id), bytes);
        await c.query(
          `INSERT INTO attachments (id, proposal_id, kind, file_name, media_type, size, sha256, storage_key, uploaded_by_id, uploaded_at)
           SELECT id, p, $2::"AttachmentKind", $3, 'application/pdf', $4, $5, $6 || '/' || id, u, now() FROM unnest($1::uuid[], $7::uuid[], $8::uuid[]) AS t(p, u, id)`,
          [props, j ? "CONSORTIUM_AGREEMENT" : "BUSINESS_PLAN", j ? "협약서.pdf" : "사업계획서.pdf", bytes.length, sha(bytes), dir, users, ids],
        );
      }
      await c.query("COMMIT");
      for (const [k] of idx.entries()) applicants.push({ token: tokens[k]!, userId: users[k]!, proposalId: props[k]!, serialNo: serialOf.get(props[k]!)! });
    }
    return { callId, applicants };
  } finally {
    await c.end();
  }
}

/** Moves the call's cutoff (the rush sets it a few seconds ahead just before starting). */
export async function setCutoff(url: string, callId: string, closesAt: Date) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query("UPDATE calls SET closes_at = $2 WHERE id = $1", [callId, closesAt]);
  } finally {
    await c.end();
  }
}
