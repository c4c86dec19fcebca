import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { E2E_BASE_URL } from "./env";
import { fillPage, pages, scene } from "./page-matrix";

// Issue 12 items 5, 7 and 16: every page of the permission matrix (found on disk), signed out and as
// each role, in Chromium at 1366×768 and 390×844: axe-core finds no WCAG 2.1 A/AA violation, nothing
// scrolls sideways on a phone, and every page has a title of its own ending in the portal's name.

const APP = "독자 AI 파운데이션 모델 접수 포털";
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const SIZES = { desktop: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } } as const;

async function contextFor(browser: Browser, api: APIRequestContext, size: keyof typeof SIZES) {
  return browser.newContext({ baseURL: E2E_BASE_URL, locale: "ko-KR", timezoneId: "America/New_York", viewport: SIZES[size], storageState: await api.storageState() });
}

/** Wider than the viewport means the page scrolls sideways; the widest elements say why. */
async function sidewaysScroll(page: Page) {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= vw + 1) return null;
    const wide = [...document.querySelectorAll<HTMLElement>("body *")]
      .filter((el) => el.getBoundingClientRect().right > vw + 1 && !el.closest(".table-wrap, [data-scroll-x]"))
      .slice(0, 3)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className && typeof el.className === "string" ? `.${el.className.split(" ").join(".")}` : ""} → ${Math.round(el.getBoundingClientRect().right)}px`);
    return `${document.documentElement.scrollWidth}px wide in ${vw}px (${wide.join(", ")})`;
  });
}

test.describe.serial("every page of the permission matrix", () => {
  let s: Awaited<ReturnType<typeof scene>>;
  /** template → title, from the role that sees the page itself (200). */
  const titles = new Map<string, string>();
  let visits = 0;
  let checked = 0;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    s = await scene();
  });
  test.afterAll(async () => {
    await s.dispose();
  });

  for (const who of ["signed out", "applicant (lead)", "reviewer (assigned)", "admin"] as const) {
    test(`${who}, at 1366 and 390 px: 0 axe violations (WCAG 2.1 A/AA), no sideways scroll, a title of its own`, async ({ browser }) => {
      test.setTimeout(300_000);
      const api = { "signed out": s.anon, "applicant (lead)": s.p.lead.ctx, "reviewer (assigned)": s.reviewer.ctx, admin: s.admin }[who];
      const all = pages();
      expect(all.length).toBeGreaterThan(25);
      const problems: string[] = [];
      for (const size of ["desktop", "phone"] as const) {
        const context = await contextFor(browser, api, size);
        const page = await context.newPage();
        // Refusals look alike whatever the URL (every private page signed out is the sign-in page, every
        // admin page a non-admin opens is the 403 page): each distinct page is checked once per size.
        const seen = new Set<string>();
        for (const template of all) {
          const url = fillPage(template, s.ids);
          const res = await page.goto(url);
          await page.waitForLoadState("networkidle");
          visits++;
          const status = res?.status() ?? 0;
          const landed = new URL(page.url()).pathname;
          const at = `${who} ${size} ${url} (${status} → ${landed})`;
          const title = await page.title();
          if (!title.endsWith(APP)) problems.push(`${at}: title "${title}" does not end with the portal's name`);
          const own = status === 200 && landed === new URL(url, E2E_BASE_URL).pathname;
          if (own && size === "desktop" && !titles.has(template)) {
            titles.set(template, title);
            if (template !== "/" && title === APP) problems.push(`${at}: the bare portal name as title`);
          }
          const key = own ? template : `${status} ${landed.startsWith("/signin") ? "/signin" : status === 200 ? landed : ""}`;
          if (seen.has(key)) continue;
          seen.add(key);
          checked++;
          const axe = await new AxeBuilder({ page }).withTags(WCAG).analyze();
          for (const v of axe.violations) problems.push(`${at}: axe ${v.id} (${v.impact}) ×${v.nodes.length}: ${v.help} — ${v.nodes[0]?.target.join(" ")}`);
          if (size === "phone") {
            const wide = await sidewaysScroll(page);
            if (wide) problems.push(`${at}: scrolls sideways: ${wide}`);
          }
        }
        await context.close();
      }
      expect(problems).toEqual([]);
    });
  }

  test("titles tell the pages apart", () => {
    expect(visits).toBe(pages().length * 4 * 2);
    expect(checked).toBeGreaterThan(60);
    expect(titles.size).toBeGreaterThan(25);
    const byTitle = new Map<string, string[]>();
    for (const [t, title] of titles) byTitle.set(title, [...(byTitle.get(title) ?? []), t]);
    expect([...byTitle].filter(([, ts]) => ts.length > 1)).toEqual([]);
  });
});

test("the title follows client-side navigation and the proposal form's steps", async ({ browser }) => {
  const s = await scene();
  const context = await contextFor(browser, s.admin, "desktop");
  const page = await context.newPage();
  await page.goto("/admin");
  await expect(page).toHaveTitle(`대시보드 | ${APP}`);
  await page.getByTestId("nav-admin-audit").click();
  await expect(page).toHaveURL(/\/admin\/audit/);
  await expect(page).toHaveTitle(`감사 로그 | ${APP}`);
  await context.close();
  const lead = await contextFor(browser, s.p.lead.ctx, "desktop");
  const tab = await lead.newPage();
  await tab.goto(`/proposals/${s.ids.proposalId}`);
  await expect(tab).toHaveTitle(new RegExp(`^1\\. 과제 개요 – .+ \\| ${APP}$`));
  await tab.getByTestId("step-models").click();
  await expect(tab).toHaveTitle(new RegExp(`^3\\. 개발 모델 – .+ \\| ${APP}$`));
  await lead.close();
  await s.dispose();
});

test("Korean inside English pages is marked lang=\"ko\" (names, titles, summaries the users wrote)", async ({ browser }) => {
  test.setTimeout(120_000);
  const s = await scene();
  expect((await s.reviewer.ctx.post(`/api/v1/review/assignments/${s.ids.assignmentId}/declaration`, { data: { noConflict: true, confidentiality: true } })).status()).toBe(200);
  const problems: string[] = [];
  const visits: [APIRequestContext, string[]][] = [
    [s.reviewer.ctx, ["/review", `/review/assignments/${s.ids.assignmentId}`, "/account"]],
    [s.p.lead.ctx, ["/consortia", `/consortia/${s.ids.consortiumId}`, `/proposals/${s.ids.proposalId}/receipt/1`]],
  ];
  for (const [api, urls] of visits) {
    const context = await contextFor(browser, api, "desktop");
    await context.addCookies([{ name: "locale", value: "en", url: E2E_BASE_URL }]);
    const page = await context.newPage();
    for (const url of urls) {
      await page.goto(url);
      await page.waitForLoadState("networkidle");
      expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
      const unmarked = await page.evaluate(() => {
        const out: string[] = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const el = n.parentElement!;
          const text = n.textContent ?? "";
          const hangul = (text.match(/[\uAC00-\uD7A3]/g) ?? []).length;
          // English interface text may quote a Korean example ("such as 200억"): the rule is for Korean text.
          const latin = (text.match(/[A-Za-z]/g) ?? []).length;
          if (!hangul || latin > hangul * 3 || el.closest('[lang="ko"], script, style, title, [hidden]')) continue;
          out.push(`${el.tagName.toLowerCase()}: ${(n.textContent ?? "").trim().slice(0, 40)}`);
        }
        return out;
      });
      for (const u of unmarked) problems.push(`${url}: ${u}`);
    }
    await context.close();
  }
  expect(problems).toEqual([]);
  await s.dispose();
});
