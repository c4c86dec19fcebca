// Export benchmark (issue 5): seeds N submitted proposals straight into PostgreSQL (SQL, not the
// services, so seeding 10,000 takes seconds), then times each export streamed to nowhere, sampling
// the process's memory. Baseline, in the same run: reading the same version documents with one
// plain cursor-less paged SELECT and doing nothing with them.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import canonicalize from "canonicalize";
import { withCheckDigit } from "../lib/consortia/business-number";

export interface ExportFigures {
  proposals: number;
  format: string;
  seconds: number;
  perSecond: number;
  bytes: number;
  peakRssMb: number;
  rssGrowthMb: number;
  ratioToBaseline: number;
}

const regNo = (n: number) => withCheckDigit(`8${String(n).padStart(8, "0")}`);
const sha = (s: string | Buffer) => crypto.createHash("sha256").update(s).digest("hex");

/** Inserts `n` submitted proposals (with two small stored attachments each) into the call. */
export async function seedProposals(url: string, callId: string, n: number, uploadDir: string, offset = 0) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const owner = crypto.randomUUID();
    await c.query("INSERT INTO users (id, email, name, roles, email_verified_at, updated_at) VALUES ($1, $2, '벤치 신청자', '{APPLICANT}', now(), now())", [owner, `bench-${owner.slice(0, 8)}@bench.example`]);
    const files = [Buffer.from("%PDF-1.4\n% bench business plan\n%%EOF\n"), Buffer.from("%PDF-1.4\n% bench agreement\n%%EOF\n")];
    const BATCH = 500;
    for (let start = 0; start < n; start += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, n - start) }, (_, k) => start + k + 1);
      const org = rows.map(() => crypto.randomUUID());
      const con = rows.map(() => crypto.randomUUID());
      const prop = rows.map(() => crypto.randomUUID());
      await c.query("BEGIN");
      await c.query(
        `INSERT INTO organizations (id, name, business_reg_no, type, representative_name)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::"OrganizationType"[], $5::text[])`,
        [org, rows.map((i) => `벤치 기관 ${i}`), rows.map((i) => regNo(offset + i)), rows.map((i) => (i % 3 ? "SME_STARTUP" : "UNIVERSITY")), rows.map(() => "홍길동")],
      );
      await c.query(
        `INSERT INTO consortia (id, call_id, name, lead_organization_id, created_by_id, updated_at)
         SELECT id, $2::uuid, name, lead, $3::uuid, now() FROM unnest($1::uuid[], $4::text[], $5::uuid[]) AS t(id, name, lead)`,
        [con, callId, owner, rows.map((i) => (i === 7 ? "=cmd|' /C calc'!A0" : `벤치 컨소시엄 ${i}`)), org],
      );
      await c.query(
        `INSERT INTO consortium_organizations (id, consortium_id, organization_id, role, budget_share_krw, confirmed_share_krw, confirmed_at)
         SELECT gen_random_uuid(), c, o, 'LEAD', 20000000000, 20000000000, now() FROM unnest($1::uuid[], $2::uuid[]) AS t(c, o)`,
        [con, org],
      );
      await c.query(
        `INSERT INTO proposals (id, call_id, consortium_id, status, draft, draft_version, draft_saved_at, foreign_fine_tune_only, last_version_no, submitted_at)
         SELECT p, $2::uuid, c, 'SUBMITTED', '{}', 2, now(), f, 1, now() FROM unnest($1::uuid[], $3::uuid[], $4::bool[]) AS t(p, c, f)`,
        [prop, callId, con, rows.map((i) => i % 4 === 0)],
      );
      const serials = (await c.query<{ id: string; serial_no: number }>("SELECT id, serial_no FROM proposals WHERE id = ANY($1::uuid[])", [prop])).rows;
      const serialOf = new Map(serials.map((r) => [r.id, r.serial_no]));
      const vIds: string[] = [], vDocs: string[] = [], vSha: string[] = [], vReceipt: string[] = [], vProp: string[] = [];
      const aIds: string[] = [], aProp: string[] = [], aKind: string[] = [], aName: string[] = [], aSha: string[] = [], aKey: string[] = [], aSize: number[] = [];
      for (const [k, i] of rows.entries()) {
        const receiptNo = `2025-${String(serialOf.get(prop[k]!)).padStart(6, "0")}-01`;
        const atts = files.map((bytes, j) => {
          const id = crypto.randomUUID();
          const key = `2025/07/${id}`;
          fs.mkdirSync(path.join(uploadDir, "2025/07"), { recursive: true });
          fs.writeFileSync(path.join(uploadDir, key), bytes);
          aIds.push(id); aProp.push(prop[k]!); aKind.push(j ? "CONSORTIUM_AGREEMENT" : "BUSINESS_PLAN"); aName.push(j ? "협약서.pdf" : "사업계획서.pdf"); aSha.push(sha(bytes)); aKey.push(key); aSize.push(bytes.length);
          return { id, kind: aKind.at(-1), fileName: aName.at(-1), mediaType: "application/pdf", size: bytes.length, sha256: sha(bytes) };
        });
        const foreign = i % 4 === 0;
        const doc = {
          schema: "sovereign-ai-portal/proposal-version/1",
          proposalId: prop[k],
          call: { id: callId, slug: "bench", titleKo: "벤치 공고" },
          versionNo: 1,
          receiptNo,
          submittedAt: "2025-07-21T06:59:00.000Z",
          submittedBy: { id: owner, name: "벤치 신청자", email: "bench@bench.example" },
          consortium: { id: con[k], name: i === 7 ? "=cmd|' /C calc'!A0" : `벤치 컨소시엄 ${i}`, organizations: [{ role: "LEAD", name: `벤치 기관 ${i}`, businessRegNo: regNo(offset + i), type: "SME_STARTUP", representativeName: "홍길동", responsibility: "총괄", budgetShareKrw: 20_000_000_000, confirmedAt: "2025-07-20T00:00:00.000Z" }] },
          content: {
            overview: { titleKo: `벤치 과제 ${i}`, titleEn: `Bench project ${i}`, summary: "벤치마크용 제안서", durationMonths: 24, requestedBudgetKrw: 20_000_000_000 },
            models: foreign
              ? [{ name: `FT-${i}`, parameterCount: 8e9, architecture: "decoder-only", approach: "FINE_TUNED", baseModel: { name: "Llama 3.1 8B", developer: "Meta", country: "US", license: "Llama 3.1" }, ownTokenizer: false, dataSources: "", openSourcePlan: "" }]
              : [{ name: `S-${i}`, parameterCount: 21e9, architecture: "decoder-only", approach: "FROM_SCRATCH", baseModel: null, ownTokenizer: true, pretrainingTokens: 2e12, gpuHours: 500000, dataSources: "공공 말뭉치", openSourcePlan: "가중치 공개" }],
            plan: { computePlan: "H100 512장", dataPlan: "2조 토큰" },
            declarations: { accurate: true, noDuplicateFunding: true, privacyConsent: true },
          },
          flags: { foreignFineTuneOnly: foreign },
          attachments: atts,
        };
        vIds.push(crypto.randomUUID()); vProp.push(prop[k]!); vReceipt.push(receiptNo); vDocs.push(JSON.stringify(doc)); vSha.push(sha(canonicalize(doc)!));
      }
      await c.query(
        `INSERT INTO proposal_versions (id, proposal_id, version_no, draft_version, receipt_no, document, sha256, submitted_at, submitted_by_id)
         SELECT id, p, 1, 2, r, d::jsonb, s, '2025-07-21T06:59:00Z', $6::uuid FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[]) AS t(id, p, r, d, s)`,
        [vIds, vProp, vReceipt, vDocs, vSha, owner],
      );
      await c.query(
        `INSERT INTO attachments (id, proposal_id, kind, file_name, media_type, size, sha256, storage_key, uploaded_by_id, uploaded_at)
         SELECT id, p, k::"AttachmentKind", f, 'application/pdf', z, s, key, $8::uuid, '2025-07-20T00:00:00Z' FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[]) AS t(id, p, k, f, z, s, key)`,
        [aIds, aProp, aKind, aName, aSize, aSha, aKey, owner],
      );
      await c.query("COMMIT");
    }
  } finally {
    await c.end();
  }
}

/** Samples RSS every 20 ms while `fn` runs. */
async function measure(fn: () => Promise<number>) {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const bytes = await fn();
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { seconds, bytes, peakRssMb: peak / 2 ** 20, rssGrowthMb: (peak - base) / 2 ** 20 };
}

function sink() {
  let bytes = 0;
  return {
    stream: new Writable({ write(chunk, _e, cb) { bytes += chunk.length; cb(); } }),
    get bytes() { return bytes; },
  };
}

export async function benchExports(url: string, sizes: number[]): Promise<ExportFigures[]> {
  process.env.DATABASE_URL = url;
  const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-uploads-"));
  process.env.UPLOAD_DIR = uploadDir;
  const { db, getPool } = await import("../lib/db/client");
  const { exportCsv, exportXlsx, exportJson, exportAttachmentsZip } = await import("../lib/exports/write");
  const { PROGRAM_RUBRIC } = await import("../lib/calls/program");
  const admin = await db.user.create({ data: { email: `bench-admin-${crypto.randomUUID().slice(0, 8)}@bench.example`, name: "bench admin", roles: ["ADMIN"], emailVerifiedAt: new Date() } });
  const actor = { id: admin.id, email: admin.email, name: admin.name, roles: admin.roles, locale: "ko" as const };
  const ctx = { ip: null, baseUrl: "http://bench", locale: "ko" as const };
  const out: ExportFigures[] = [];
  let offset = 0;
  for (const n of sizes) {
    const call = await db.call.create({ data: { slug: `bench-${n}-${crypto.randomUUID().slice(0, 6)}`, titleKo: "벤치 공고", titleEn: "Bench", ministryKo: "과기정통부", ministryEn: "MSIT", totalBudget: 193_600_000_000n, opensAt: new Date("2025-06-20T15:00:00Z"), closesAt: new Date("2025-07-21T07:00:00Z"), rubric: PROGRAM_RUBRIC as never } });
    const t0 = performance.now();
    await seedProposals(url, call.id, n, uploadDir, offset);
    offset += n;
    console.log(`  seeded ${n} proposals in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const filter = { callId: call.id };
    const baseline = await measure(async () => {
      let bytes = 0;
      let after = 0;
      for (;;) {
        const { rows } = await getPool().query<{ serial_no: number; document: unknown }>(
          "SELECT p.serial_no, v.document FROM proposals p JOIN proposal_versions v ON v.proposal_id = p.id AND v.version_no = p.last_version_no WHERE p.call_id = $1 AND p.serial_no > $2 ORDER BY p.serial_no LIMIT 200",
          [call.id, after],
        );
        if (!rows.length) return bytes;
        after = rows[rows.length - 1]!.serial_no;
        for (const r of rows) bytes += JSON.stringify(r.document).length;
      }
    });
    const record = (format: string, m: Awaited<ReturnType<typeof measure>>) => {
      const f = { proposals: n, format, seconds: +m.seconds.toFixed(2), perSecond: Math.round(n / m.seconds), bytes: m.bytes, peakRssMb: +m.peakRssMb.toFixed(0), rssGrowthMb: +m.rssGrowthMb.toFixed(0), ratioToBaseline: +(m.seconds / baseline.seconds).toFixed(1) };
      out.push(f);
      console.log(`  ${String(n).padStart(6)} ${format.padEnd(18)} ${f.seconds.toFixed(2).padStart(7)} s ${String(f.perSecond).padStart(7)}/s ${(m.bytes / 2 ** 20).toFixed(1).padStart(7)} MB  peak RSS ${String(f.peakRssMb).padStart(4)} MB (+${f.rssGrowthMb} MB)  ×${f.ratioToBaseline} baseline`);
    };
    record("baseline SELECT", baseline);
    for (const [format, run] of [
      ["csv (proposals)", () => exportCsv(actor, filter, "proposals", ctx)],
      ["json", () => exportJson(actor, filter, ctx)],
      ["xlsx (5 sheets)", () => exportXlsx(actor, filter, ctx)],
      ["zip (attachments)", () => exportAttachmentsZip(actor, filter, ctx)],
    ] as const) {
      record(
        format,
        await measure(async () => {
          const s = sink();
          const e = await run();
          await pipeline(e.stream, s.stream);
          await e.audited;
          return s.bytes;
        }),
      );
    }
  }
  fs.rmSync(uploadDir, { recursive: true, force: true });
  return out;
}
