import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { E2E_ADMIN, E2E_BASE_URL } from "./env";
import { adminClient, answerConfirm, PASSWORD, signIn, uniqueEmail, verifiedApplicant, fillKst } from "./helpers";
import { submittedProposal } from "./fixtures";

const shot = (name: string) => ({ path: `test-results/screens/admin-settings-${name}.png`, fullPage: true });

/** A KST wall-clock time `msFromNow` away, as a datetime-local value. */
const kstInput = (msFromNow: number) => new Date(Date.now() + msFromNow + 9 * 3_600_000).toISOString().slice(0, 16);

test("call settings: create through the form, move the cutoff with confirmation, grant an extension, and read it in the verified audit log", async ({ browser }) => {
  test.setTimeout(240_000);
  const admin = await adminClient();
  const context = await browser.newContext({ baseURL: E2E_BASE_URL, locale: "ko-KR", timezoneId: "America/New_York" });
  await signIn(context.request, E2E_ADMIN.email, E2E_ADMIN.password);
  const page = await context.newPage();

  await page.goto("/admin");
  await page.getByTestId("nav-admin-calls").click();
  await expect(page.getByRole("heading", { name: "공고 설정", level: 1 })).toBeVisible();
  await expect(page.getByTestId("admin-call-row").first()).toBeVisible();
  await page.screenshot(shot("calls"));
  await page.getByTestId("new-call").click();
  await expect(page.getByRole("heading", { name: "새 공고", level: 1 })).toBeVisible();

  const slug = `e2e-set-${crypto.randomBytes(3).toString("hex")}`;
  await page.getByTestId("call-slug").fill(slug);
  await page.getByTestId("call-titleKo").fill("[E2E] 공고 설정 시험");
  await page.getByTestId("call-titleEn").fill("[E2E] Call settings test");
  await page.getByTestId("call-totalBudget").fill("193600000000");
  await expect(page.locator("#call-totalBudget-hint")).toHaveText("= 1,936억 원");
  await fillKst(page, "call-opensAt", kstInput(-86_400_000));
  // The browser runs in New York; the input is KST all the same.
  await fillKst(page, "call-closesAt", "2025-08-29T16:00");
  await expect(page.getByTestId("call-closesAt-utc")).toHaveText("UTC: 2025-08-29T07:00:00.000Z");
  await fillKst(page, "call-closesAt", kstInput(7 * 86_400_000));

  const rows = page.getByTestId("rubric-row");
  await rows.nth(0).getByTestId("rubric-key").fill("independence");
  await rows.nth(0).getByTestId("rubric-labelKo").fill("모델 독자성");
  await rows.nth(0).getByTestId("rubric-labelEn").fill("Independence");
  await rows.nth(0).getByTestId("rubric-maxPoints").fill("60");
  await rows.nth(0).getByTestId("rubric-weight").fill("60");
  await page.getByTestId("rubric-add").click();
  await rows.nth(1).getByTestId("rubric-key").fill("technical");
  await rows.nth(1).getByTestId("rubric-labelKo").fill("기술 역량");
  await rows.nth(1).getByTestId("rubric-labelEn").fill("Technical capability");
  await rows.nth(1).getByTestId("rubric-maxPoints").fill("40");
  await rows.nth(1).getByTestId("rubric-weight").fill("30");
  await expect(page.getByTestId("rubric-weight-total")).toHaveText("90");
  // Deleting a criterion with content asks first (취소 keeps it, Escape too); a blank new row goes at once.
  await page.getByTestId("rubric-add").click();
  await rows.nth(2).getByTestId("rubric-labelKo").fill("임시 항목");
  await rows.nth(2).getByTestId("rubric-remove").click();
  await answerConfirm(page, "cancel", "평가 항목 3 ‘임시 항목’(배점 10점, 가중치 0%)을 삭제합니다.");
  await expect(rows).toHaveCount(3);
  await rows.nth(2).getByTestId("rubric-remove").click();
  await expect(page.getByTestId("confirm-dialog")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("confirm-dialog")).toHaveCount(0);
  await expect(rows.nth(2).getByTestId("rubric-labelKo")).toHaveValue("임시 항목");
  await rows.nth(2).getByTestId("rubric-remove").click();
  await answerConfirm(page, "yes");
  await expect(rows).toHaveCount(2);
  await page.getByTestId("rubric-add").click();
  await rows.nth(2).getByTestId("rubric-remove").click();
  await expect(page.getByTestId("confirm-dialog")).toHaveCount(0);
  await expect(rows).toHaveCount(2);
  await page.getByTestId("call-save").click();
  await expect(page.getByTestId("rubric-editor").getByText("평가 항목 가중치의 합은 100이어야 합니다.")).toBeVisible();
  await page.screenshot(shot("new-call-rubric-error"));
  await rows.nth(1).getByTestId("rubric-weight").fill("40");
  await expect(page.getByTestId("rubric-weight-total")).toHaveText("100");
  await page.getByTestId("call-save").click();
  await expect(page).toHaveURL(/\/admin\/calls\/[0-9a-f-]{36}$/);
  const callId = page.url().split("/").pop()!;
  await expect(page.getByTestId("call-closesAt-utc")).toContainText("UTC: ");

  // A consortium submits; moving the cutoff now asks first.
  const p = await submittedProposal(admin, slug, { name: "설정 시험 컨소시엄" });
  await page.reload();
  await expect(page.getByTestId("call-consortium-row")).toHaveCount(1);
  await fillKst(page, "call-closesAt", kstInput(8 * 86_400_000));
  await page.getByTestId("call-save").click();
  await expect(page.getByTestId("cutoff-confirm")).toContainText("이미 제출된 제안서가 있습니다. 마감 시각을 바꾸시겠습니까?");
  await page.screenshot(shot("cutoff-confirm"));
  await page.getByTestId("cutoff-confirm-yes").click();
  await expect(page.getByTestId("call-saved")).toHaveText("저장했습니다.");
  await expect(page.getByTestId("cutoff-confirm")).toHaveCount(0);

  // Extension: too short a reason first.
  await expect(page.getByTestId("ext-consortium")).toHaveValue(p.consortiumId);
  await page.getByTestId("ext-reason").fill("장애");
  await page.getByTestId("ext-submit").click();
  await expect(page.getByTestId("extension-form").getByText("사유를 10자 이상 구체적으로 적어 주세요.")).toBeVisible();
  await page.getByTestId("ext-reason").fill("7월 21일 15:40~15:58 업로드 서버 장애로 제출 불가");
  await page.getByTestId("ext-submit").click();
  await expect(page.getByTestId("extension-granted")).toBeVisible();
  await expect(page.getByTestId("extension-row")).toHaveCount(1);
  await expect(page.getByTestId("consortium-extension")).not.toHaveText("—");
  await page.screenshot(shot("call-edit"));

  // The call's audit trail, its chain verified.
  await page.getByTestId("call-audit-link").click();
  await expect(page).toHaveURL(new RegExp(`/admin/audit\\?entityType=CALL&entityId=${callId}$`));
  await expect(page.getByTestId("audit-filter-entityId")).toHaveValue(callId);
  const actions = await page.getByTestId("audit-row").evaluateAll((els) => els.map((e) => e.getAttribute("data-action")));
  expect(actions).toEqual(["extension.granted", "call.cutoff_moved", "call.created"]);
  await page.getByTestId("audit-row").first().getByTestId("verify-chain-button").click();
  await expect(page.getByTestId("audit-row").first().getByTestId("verify-chain-result")).toHaveText("✓ 정상 (3건)");
  await page.screenshot(shot("audit"));

  // Filtering through the form keeps the values in the URL.
  await page.getByTestId("audit-filter-action").fill("call.");
  await page.getByTestId("audit-filter-submit").click();
  await expect(page).toHaveURL(/action=call\./);
  await expect(page.getByTestId("audit-row")).toHaveCount(2);
  await context.close();
});

test("users: invite a reviewer, find them, change roles and disable; non-admins see Forbidden", async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await adminClient();
  const context = await browser.newContext({ baseURL: E2E_BASE_URL, locale: "ko-KR", timezoneId: "America/New_York" });
  await signIn(context.request, E2E_ADMIN.email, E2E_ADMIN.password);
  const page = await context.newPage();
  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { name: "사용자", level: 1 })).toBeVisible();

  const email = uniqueEmail("rev");
  await page.getByTestId("invite-submit").click();
  await expect(page.getByTestId("invite-form").getByText("필수 항목입니다.").first()).toBeVisible();
  await page.getByTestId("invite-email").fill(email);
  await page.getByTestId("invite-name").fill("김심사");
  await page.getByTestId("invite-submit").click();
  await expect(page.getByTestId("invite-sent")).toContainText(email);
  const row = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId("role-REVIEWER")).toBeChecked();
  await page.screenshot(shot("users"));
  // The invitation mail went out.
  const mails = (await (await admin.get(`/api/v1/admin/outbox?to=${encodeURIComponent(email)}`)).json()).mails as { kind: string }[];
  expect(mails.map((m) => m.kind)).toContain("INVITE_USER");

  await page.getByTestId("users-q").fill(email);
  await page.getByTestId("users-q").press("Enter");
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(email).replace(/\./g, "\\.")}`));
  await expect(page.getByTestId("user-row")).toHaveCount(1);
  await row.getByTestId("role-APPLICANT").check();
  await row.getByTestId("roles-save").click();
  await expect(row.getByTestId("roles-save")).toBeDisabled();
  // Suspending asks first: 취소 keeps the user active (after a reload too), confirming suspends.
  await row.getByTestId("user-disable").click();
  await expect(page.getByTestId("confirm-cancel")).toBeFocused();
  await answerConfirm(page, "cancel", `${email}(`);
  await page.reload();
  await expect(row).toHaveAttribute("data-disabled", "false");
  await row.getByTestId("user-disable").click();
  await answerConfirm(page, "yes", "사용자를 정지합니다");
  await expect(row).toHaveAttribute("data-disabled", "true");
  await expect(row.getByTestId("user-state")).toHaveText("정지됨");
  const users = (await (await admin.get(`/api/v1/admin/users?q=${encodeURIComponent(email)}`)).json()).users as { roles: string[]; disabledAt: string | null }[];
  expect(users[0]!.roles.sort()).toEqual(["APPLICANT", "REVIEWER"]);
  expect(users[0]!.disabledAt).not.toBeNull();
  await page.screenshot(shot("users-search"));
  await context.close();

  const applicant = await verifiedApplicant(admin);
  const ac = await browser.newContext({ baseURL: E2E_BASE_URL, locale: "ko-KR" });
  await signIn(ac.request, applicant.email, PASSWORD);
  const ap = await ac.newPage();
  for (const path of ["/admin/calls", "/admin/calls/new", "/admin/audit", "/admin/users", "/admin/outbox"]) {
    expect((await ap.goto(path))!.status(), path).toBe(403);
    await expect(ap.getByTestId("forbidden"), path).toHaveText("이 작업을 할 권한이 없습니다.");
  }
  // The forbidden page keeps the site's header and footer, has a heading and a way home, and no console tabs.
  await expect(ap.getByRole("heading", { level: 1 })).toHaveText("접근 권한이 없습니다");
  await expect(ap.getByTestId("account-link")).toBeVisible();
  await expect(ap.locator("footer.site-footer")).toBeVisible();
  await expect(ap.getByTestId("nav-admin-users")).toHaveCount(0);
  await expect(ap.getByTestId("forbidden-home")).toHaveAttribute("href", "/");
  expect((await ac.request.get("/api/v1/admin/audit")).status()).toBe(403);
  await ap.screenshot(shot("forbidden"));
  // In English when the locale says so.
  await ac.addCookies([{ name: "locale", value: "en", url: E2E_BASE_URL }]);
  expect((await ap.goto("/admin/users"))!.status()).toBe(403);
  await expect(ap.getByRole("heading", { level: 1 })).toHaveText("Access denied");
  await expect(ap.getByTestId("forbidden")).toHaveText("You may not do this.");
  await expect(ap.getByTestId("forbidden-home")).toHaveText("Home");
  await ap.getByTestId("forbidden-home").click();
  await expect(ap).toHaveURL(`${E2E_BASE_URL}/`);
  await ac.close();
});
