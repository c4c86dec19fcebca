import crypto from "node:crypto";
import fs from "node:fs";
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { E2E_BASE_URL } from "./env";
import { adminClient, linkFromOutbox, newClient, PASSWORD, signIn, uniqueEmail, CONSENTS } from "./helpers";
import { exe, pdf } from "../support/files";
import { makeBusinessRegNo, org } from "../support/builders";

// Issue 12 items 3, 6 and 10, as a person meets them: the proposal form offline (kept in the browser,
// offered back in a new tab, saved by itself when the connection returns), theirs and mine after a
// colleague's save, the stepper's 완료 / 미완료, required markers, focus after 다음 단계, the country
// list, the attachment drop zone; the lead's share at creation and the particles after names.

const SCREENS = "test-results/screens";
const shot = async (page: Page, name: string) => {
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });
};

async function openCall(admin: APIRequestContext, closesInMs = 7 * 86_400_000) {
  const slug = `offline-${crypto.randomBytes(4).toString("hex")}`;
  const res = await admin.post("/api/v1/admin/calls", {
    data: {
      slug,
      titleKo: "[E2E] 오프라인 작성",
      titleEn: "[E2E] Offline drafting",
      ministryKo: "과학기술정보통신부",
      ministryEn: "MSIT",
      totalBudget: 193_600_000_000,
      opensAt: new Date(Date.now() - 86_400_000).toISOString(),
      closesAt: new Date(Date.now() + closesInMs).toISOString(),
      rubric: [{ key: "all", labelKo: "종합", labelEn: "Overall", maxPoints: 100, weight: 100 }],
    },
  });
  expect(res.status()).toBe(201);
  return { slug, id: (await res.json()).id as string };
}

/** A verified applicant signed in inside a browser context of their own (pages and API share the cookie). */
async function applicant(browser: Browser, admin: APIRequestContext, viewport = { width: 1366, height: 900 }) {
  const email = uniqueEmail("offline");
  const anon = await newClient();
  expect((await anon.post("/api/v1/register", { data: { email, password: PASSWORD, name: "오프라인 작성자", consents: CONSENTS } })).status()).toBe(201);
  const token = new URL(await linkFromOutbox(admin, email), E2E_BASE_URL).searchParams.get("token");
  expect((await anon.post("/api/v1/verify", { data: { token } })).status()).toBe(200);
  await anon.dispose();
  const context = await browser.newContext({ baseURL: E2E_BASE_URL, locale: "ko-KR", timezoneId: "America/New_York", viewport });
  await signIn(context.request, email, PASSWORD);
  return { context, email, api: context.request };
}

async function proposalFor(api: APIRequestContext, slug: string) {
  const consortiumId = (await (await api.post("/api/v1/consortia", { data: { callSlug: slug, name: "오프라인 컨소시엄", lead: org("독자AI 주식회사", "LARGE_ENTERPRISE") } })).json()).id;
  const res = await api.post("/api/v1/proposals", { data: { consortiumId } });
  expect(res.status()).toBe(201);
  return (await res.json()).id as string;
}

const draftOf = async (api: APIRequestContext, id: string) => (await (await api.get(`/api/v1/proposals/${id}`)).json()) as { draft: { overview?: Record<string, unknown>; models?: { baseModel?: { country?: string } | null }[] }; draftVersion: number };

async function noSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(await page.evaluate(() => window.innerWidth));
}

async function saved(page: Page) {
  await expect(page.getByTestId("save-state")).toHaveAttribute("data-state", "saved", { timeout: 15_000 });
  await expect(page.getByTestId("save-state")).toContainText("저장됨");
}

test("offline: typing is kept in the browser, offered back in a new tab, and saved by itself when the connection returns; theirs and mine after a colleague's save; the cutoff stops retrying", async ({ browser }) => {
  test.setTimeout(240_000);
  const admin = await adminClient();
  const call = await openCall(admin);
  const lead = await applicant(browser, admin);
  const id = await proposalFor(lead.api, call.slug);
  let page = await lead.context.newPage();
  await page.goto(`/proposals/${id}`);
  await page.getByLabel("과제명 (국문)").fill("오프라인 시험 과제");
  await page.getByLabel("과제명 (영문)").fill("Offline test");
  await saved(page);

  // 1. The connection goes: the bar says so, in words that fit, and nothing about marked fields, load or receipts.
  await lead.context.setOffline(true);
  await page.getByLabel("과제 요약").fill("연결이 끊긴 동안 쓴 요약");
  const bar = page.getByTestId("save-state");
  await expect(bar).toHaveAttribute("data-state", "offline", { timeout: 10_000 });
  await expect(bar).toContainText("인터넷 연결이 끊겼습니다. 입력은 이 브라우저에 보관하고 연결되면 저장합니다.");
  await expect(page.getByText("표시된 항목")).toHaveCount(0);
  await expect(page.getByText("접수증")).toHaveCount(0);
  await expect(page.getByTestId("form-error")).toHaveCount(0);
  await expect(page.locator(".field-error:not(:empty)")).toHaveCount(0);
  await shot(page, "offline-banner-1366");

  // 2. Back online: it saves by itself (the `online` event), without a click.
  await lead.context.setOffline(false);
  await saved(page);
  await expect.poll(async () => (await draftOf(lead.api, id)).draft.overview?.summary).toBe("연결이 끊긴 동안 쓴 요약");

  // 3. Offline again, then the tab is closed: a new tab (online) offers the typing back. The page's saves
  // are also refused at the route, so none can slip through between the emulated offline and the close
  // (a fresh-clone CI run once saw the closing text reach the server).
  await page.route(`**/api/v1/proposals/${id}`, (r) => (r.request().method() === "PATCH" ? r.abort("internetdisconnected") : r.continue()));
  await lead.context.setOffline(true);
  await page.getByLabel("과제 요약").fill("탭을 닫기 전에 쓴 요약");
  await expect(bar).toHaveAttribute("data-state", "offline", { timeout: 10_000 });
  await page.close();
  await lead.context.setOffline(false);
  expect((await draftOf(lead.api, id)).draft.overview?.summary).toBe("연결이 끊긴 동안 쓴 요약"); // never reached the server
  page = await lead.context.newPage();
  await page.goto(`/proposals/${id}`);
  const prompt = page.getByTestId("restore-prompt");
  await expect(prompt).toContainText("저장되지 않은 입력이 이 브라우저에 남아 있습니다. 복원할까요?");
  await expect(page.getByLabel("과제 요약")).toHaveValue("연결이 끊긴 동안 쓴 요약");
  await page.getByTestId("restore-yes").click();
  await expect(prompt).toHaveCount(0);
  await expect(page.getByLabel("과제 요약")).toHaveValue("탭을 닫기 전에 쓴 요약");
  await saved(page);
  await expect.poll(async () => (await draftOf(lead.api, id)).draft.overview?.summary).toBe("탭을 닫기 전에 쓴 요약");
  // Saved: nothing is offered any more.
  await page.reload();
  await expect(page.getByLabel("과제 요약")).toHaveValue("탭을 닫기 전에 쓴 요약");
  await expect(page.getByTestId("restore-prompt")).toHaveCount(0);

  // 4. A colleague saves first: theirs and mine, side by side; keeping mine saves it on their version.
  const current = await draftOf(lead.api, id);
  const theirs = { ...current.draft, overview: { ...current.draft.overview, titleEn: "Offline test (edited by partner)" } };
  expect((await lead.api.patch(`/api/v1/proposals/${id}`, { headers: { "if-match": `"${current.draftVersion}"` }, data: { draft: theirs } })).status()).toBe(200);
  await page.getByLabel("과제 요약").fill("동시에 고친 내 요약");
  const conflict = page.getByTestId("conflict");
  await expect(conflict).toContainText("다른 사람이 먼저 저장했습니다", { timeout: 10_000 });
  const titleRow = conflict.locator('tr[data-path="overview.titleEn"]');
  await expect(titleRow.getByTestId("theirs")).toHaveText("Offline test (edited by partner)");
  await expect(titleRow.getByTestId("mine")).toHaveText("Offline test");
  const summaryRow = conflict.locator('tr[data-path="overview.summary"]');
  await expect(summaryRow).toContainText("과제 요약");
  await expect(summaryRow.getByTestId("theirs")).toHaveText("탭을 닫기 전에 쓴 요약");
  await expect(summaryRow.getByTestId("mine")).toHaveText("동시에 고친 내 요약");
  await expect(page.getByLabel("과제 요약")).toHaveValue("동시에 고친 내 요약"); // nothing typed was dropped
  await shot(page, "conflict-panel-1366");
  await page.getByTestId("conflict-keep-mine").click();
  await saved(page);
  await expect(conflict).toHaveCount(0);
  await expect.poll(async () => (await draftOf(lead.api, id)).draft.overview).toMatchObject({ summary: "동시에 고친 내 요약", titleEn: "Offline test" });

  // 5. The cutoff passes while typing: nothing is retried, the page says the call closed, the typing stays to be copied.
  const bar2 = page.getByTestId("save-state");
  expect((await admin.patch(`/api/v1/admin/calls/${call.id}`, { data: { closesAt: new Date(Date.now() - 1000).toISOString(), confirmCutoffChange: true } })).status()).toBe(200);
  await page.getByLabel("과제 요약").fill("마감 뒤에 쓴 요약");
  await expect(bar2).toHaveAttribute("data-state", "closed", { timeout: 10_000 });
  await expect(bar2).toContainText("접수가 마감되어 더 이상 저장하지 않습니다");
  await expect(page.getByTestId("leftover")).toContainText("마감 뒤에 쓴 요약");
  const version = (await draftOf(lead.api, id)).draftVersion;
  await page.waitForTimeout(3_000);
  expect((await draftOf(lead.api, id)).draftVersion).toBe(version); // not retried
  await page.reload();
  await expect(page.getByTestId("closed-banner")).toContainText("접수가 마감되었습니다");
  await expect(page.getByTestId("leftover")).toContainText("마감 뒤에 쓴 요약");
  await expect(page.getByTestId("restore-prompt")).toHaveCount(0);

  await lead.context.close();
  await admin.dispose();
});

test("stepper: 완료 / 미완료 with counts, required markers with aria-required, no red on untouched steps, focus on the new step's heading; the country list stores the code; the drop zone", async ({ browser }) => {
  test.setTimeout(180_000);
  const admin = await adminClient();
  const call = await openCall(admin);
  const lead = await applicant(browser, admin);
  const id = await proposalFor(lead.api, call.slug);
  const page = await lead.context.newPage();
  await page.goto(`/proposals/${id}`);

  // What is left on each step.
  await expect(page.getByTestId("step-state-overview")).toHaveText("미완료 5");
  await expect(page.getByTestId("step-state-models")).toHaveText("미완료 4");
  await expect(page.getByTestId("step-state-plan")).toHaveText("미완료 2");
  await expect(page.getByTestId("step-state-declarations")).toHaveText("미완료 3");
  await expect(page.getByTestId("step-state-attachments")).toHaveText("미완료 2");
  await expect(page.getByTestId("step-state-consortium")).toHaveText("미완료 1"); // the lead has not confirmed
  await expect(page.getByTestId("step-overview")).toHaveAccessibleName(/^1\. 과제 개요\s*미완료 5$/);

  // Required fields: a visible marker and aria-required; the label's name stays the field's name.
  const titleKo = page.getByLabel("과제명 (국문)");
  await expect(titleKo).toHaveAttribute("aria-required", "true");
  await expect(page.locator('label[for="overview-titleKo"] .req')).toHaveText("*");
  await expect(page.getByText("표시는 제출에 꼭 필요한 항목입니다.")).toBeVisible();
  await titleKo.fill("단계 표시 과제");
  await expect(page.getByTestId("step-state-overview")).toHaveText("미완료 4");
  for (const [label, value] of [["과제명 (영문)", "Stepper"], ["과제 요약", "요약"], ["사업 기간 (개월)", "24"], ["신청 예산 (원)", "300억"]] as const) await page.getByLabel(label).fill(value);
  await expect(page.getByTestId("step-state-overview")).toHaveText("✓ 완료");
  await shot(page, "stepper-1366");

  // 다음 단계: focus lands on the new step's heading.
  await page.getByTestId("next-step").click();
  await expect(page.getByRole("heading", { level: 2, name: "2. 컨소시엄·예산 분담" })).toBeFocused();
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("H2");
  await page.getByTestId("next-step").click();
  await expect(page.getByRole("heading", { level: 2, name: "개발 모델", exact: true })).toBeFocused();

  // An untouched step shows no red, even after a visit to 제출 (which used to validate everything).
  const m = page.getByTestId("model-0");
  await expect(m.getByLabel("모델 이름")).toHaveAttribute("aria-required", "true");
  await expect(m.getByLabel("사전학습 토큰 수")).not.toHaveAttribute("aria-required", "true");
  await expect(page.locator(".step-body .field-error:not(:empty)")).toHaveCount(0);
  await page.getByTestId("step-submit").click();
  await page.getByTestId("step-plan").click();
  await expect(page.locator(".step-body .field-error:not(:empty)")).toHaveCount(0);
  await expect(page.locator('.step-body [aria-invalid="true"]')).toHaveCount(0);
  await page.getByTestId("step-models").click();
  await expect(page.locator(".step-body .field-error:not(:empty)")).toHaveCount(0);
  // Once touched, the step says what is wrong.
  await m.getByLabel("모델 이름").focus();
  await m.getByLabel("모델 이름").blur();
  await expect(m.getByText("필수 항목입니다.")).toBeVisible();

  // The base model's country: names to choose, the ISO code stored.
  await m.getByLabel("모델 이름").fill("Tri-Chat-8B");
  await m.getByLabel("개발 방식").selectOption("FINE_TUNED");
  const country = m.getByLabel("개발 국가");
  await expect(country).toHaveAttribute("aria-required", "true");
  await expect(country.locator("option").nth(1)).toHaveText("대한민국");
  await country.selectOption({ label: "미국" });
  await expect(country).toHaveValue("US");
  await saved(page);
  await expect.poll(async () => (await draftOf(lead.api, id)).draft.models?.[0]?.baseModel?.country).toBe("US");
  await page.reload();
  await page.getByTestId("step-models").click();
  await expect(page.getByTestId("model-0").getByLabel("개발 국가")).toHaveValue("US");
  await expect(page.getByTestId("model-0").getByLabel("개발 국가").locator("option:checked")).toHaveText("미국");

  // Attachments: a drop zone that says what it takes; a dropped file goes in; a later success clears an earlier type error.
  await page.getByTestId("step-attachments").click();
  const plan = page.getByTestId("attachment-BUSINESS_PLAN");
  await expect(page.getByTestId("types-BUSINESS_PLAN")).toHaveText(/^허용 형식: PDF, HWP, HWPX, DOCX.* · 최대 \d+(\.\d+)? MB$/);
  await expect(page.getByTestId("upload-BUSINESS_PLAN")).toHaveAttribute("aria-describedby", "types-BUSINESS_PLAN");
  await page.getByTestId("upload-BUSINESS_PLAN").setInputFiles({ name: "계획서.pdf", mimeType: "application/pdf", buffer: exe() });
  await expect(plan.getByTestId("form-error")).toContainText("파일만 올릴 수 있습니다");
  const dropped = await page.evaluateHandle((bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], "끌어다 놓은 계획서.pdf", { type: "application/pdf" }));
    return dt;
  }, [...pdf("dropped business plan")]);
  await page.getByTestId("drop-BUSINESS_PLAN").dispatchEvent("dragenter", { dataTransfer: dropped });
  await expect(page.getByTestId("drop-BUSINESS_PLAN")).toHaveClass(/over/);
  await page.getByTestId("drop-BUSINESS_PLAN").dispatchEvent("drop", { dataTransfer: dropped });
  await expect(plan).toContainText("끌어다 놓은 계획서.pdf");
  await expect(plan.getByTestId("form-error")).toHaveCount(0);
  await expect(page.getByTestId("step-state-attachments")).toHaveText("미완료 1");
  await shot(page, "attachments-dropzone-1366");

  await lead.context.close();
  await admin.dispose();
});

test("at 390 px: the stepper, the offline banner and the conflict panel fit without sideways scroll", async ({ browser }) => {
  test.setTimeout(150_000);
  const admin = await adminClient();
  const call = await openCall(admin);
  const lead = await applicant(browser, admin, { width: 390, height: 844 });
  const id = await proposalFor(lead.api, call.slug);
  const page = await lead.context.newPage();
  await page.goto(`/proposals/${id}`);
  await expect(page.getByTestId("step-state-overview")).toHaveText("미완료 5");
  await noSidewaysScroll(page);
  await shot(page, "stepper-390");
  await page.getByLabel("과제명 (국문)").fill("좁은 화면 과제");
  await saved(page);
  await lead.context.setOffline(true);
  await page.getByLabel("과제명 (영문)").fill("Narrow screen");
  await expect(page.getByTestId("save-state")).toContainText("인터넷 연결이 끊겼습니다", { timeout: 10_000 });
  await expect(page.getByTestId("save-state")).toBeInViewport();
  await noSidewaysScroll(page);
  await shot(page, "offline-banner-390");
  await lead.context.setOffline(false);
  await saved(page);

  const current = await draftOf(lead.api, id);
  expect((await lead.api.patch(`/api/v1/proposals/${id}`, { headers: { "if-match": `"${current.draftVersion}"` }, data: { draft: { ...current.draft, overview: { ...current.draft.overview, titleKo: "동료가 바꾼 과제명" } } } })).status()).toBe(200);
  await page.getByLabel("과제 요약").fill("좁은 화면에서 쓴 요약");
  await expect(page.getByTestId("conflict")).toBeVisible({ timeout: 10_000 });
  await noSidewaysScroll(page);
  await shot(page, "conflict-panel-390");
  // Taking theirs loads their version (what I typed there is gone by my choice).
  await page.getByTestId("conflict-reload").click();
  await expect(page.getByLabel("과제명 (국문)")).toHaveValue("동료가 바꾼 과제명");
  await expect(page.getByLabel("과제 요약")).toHaveValue("");
  await lead.context.close();
  await admin.dispose();
});

test("consortium: the lead's share at creation, an empty share field after 참여기관 추가, 을/를 after names ending in a consonant or a vowel", async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await adminClient();
  const call = await openCall(admin);
  const lead = await applicant(browser, admin);
  const page = await lead.context.newPage();
  await page.goto("/consortia");
  const form = page.getByTestId("new-consortium-form");
  await form.getByLabel("공고", { exact: true }).selectOption(call.slug);
  await form.getByLabel("컨소시엄 이름").fill("분담 컨소시엄");
  await form.getByLabel("기관명").fill("독자AI 주식회사");
  await form.getByLabel("사업자등록번호").fill(makeBusinessRegNo());
  await form.getByLabel("기관 유형").selectOption("LARGE_ENTERPRISE");
  await form.getByLabel("대표자").fill("김주관");
  await form.getByLabel("주관기관 예산 분담액 (원)").fill("1억 5천만");
  await expect(form.getByTestId("nc-share-preview")).toHaveText("= 1억 5,000만 원");
  await form.getByTestId("create-consortium").click();
  await expect(page).toHaveURL(/\/consortia\/[0-9a-f-]{36}$/);
  const leadRow = page.locator('tr[data-role="LEAD"]');
  await expect(leadRow.getByTestId("org-share")).toHaveText("1억 5,000만 원");
  // The lead's confirm button offers the share typed at creation, not 0원; 회사 ends in a vowel: 를.
  await expect(leadRow.getByTestId("confirm-participation")).toHaveAttribute("title", "독자AI 주식회사를 대표해 컨소시엄 참여와 예산 분담액 1억 5,000만 원을 확인합니다.");

  const add = page.getByTestId("add-org-form");
  for (const [name, josa] of [["국립 AI 대학교", "를"], ["한국과학기술원", "을"]] as const) {
    await add.getByLabel("기관명").fill(name);
    await add.getByLabel("사업자등록번호").fill(makeBusinessRegNo());
    await add.getByLabel("기관 유형").selectOption("UNIVERSITY");
    await add.getByLabel("대표자").fill("이참여");
    await add.getByLabel("예산 분담액 (원)").fill("50억");
    await add.getByTestId("add-org").click();
    await expect(page.getByTestId("org-added")).toHaveText(new RegExp(`^${name}${josa} 참여기관으로 추가했습니다\\.`));
    await expect(add.getByLabel("예산 분담액 (원)")).toHaveValue("");
    await expect(add.getByTestId("ao-share-preview")).toHaveCount(0);
  }
  await shot(page, "consortium-lead-share-1366");
  await lead.context.close();
  await admin.dispose();
});
