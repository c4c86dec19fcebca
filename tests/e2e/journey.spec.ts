import { expect, test } from "@playwright/test";
import { adminClient, completeRegisterForm, CONSENTS, linkFromOutbox, PASSWORD, uniqueEmail } from "./helpers";

test("register → verify via the outbox → sign in → the call and its KST deadline; a wrong password is refused", async ({ page }) => {
  const email = uniqueEmail("journey");
  const admin = await adminClient();

  await page.goto("/register");
  await expect(page.getByRole("heading", { level: 1, name: "회원가입" })).toBeVisible();
  // client-side check from the shared zod schema
  await page.getByLabel("이름").fill("홍길동");
  await page.getByLabel("이메일").fill("not-an-email");
  await page.getByLabel("비밀번호", { exact: true }).fill("short");
  await page.getByRole("button", { name: "회원가입" }).click();
  await expect(page.getByText("올바른 이메일 주소를 입력하세요.")).toBeVisible();
  await expect(page.getByText("비밀번호는 10자 이상이어야 합니다.")).toBeVisible();
  // server-side strength rule
  await page.getByLabel("이메일").fill(email);
  await page.getByLabel("비밀번호", { exact: true }).fill("password1234");
  await completeRegisterForm(page, "password1234");
  await page.getByRole("button", { name: "회원가입" }).click();
  await expect(page.getByText("추측하기 쉬운 비밀번호입니다", { exact: false })).toBeVisible();
  await page.getByLabel("비밀번호", { exact: true }).fill(PASSWORD);
  await page.getByLabel("비밀번호 확인").fill(PASSWORD);
  await page.getByRole("button", { name: "회원가입" }).click();
  await expect(page.getByTestId("registered")).toContainText(email);

  // before verifying, sign-in says why it is refused
  await page.goto("/signin");
  await page.getByLabel("이메일").fill(email);
  await page.getByLabel("비밀번호").fill(PASSWORD);
  await page.getByRole("button", { name: "로그인" }).click();
  await expect(page.getByTestId("form-error")).toHaveText("이메일 인증이 완료되지 않았습니다. 받은 메일의 링크를 눌러 주세요.");

  const link = await linkFromOutbox(admin, email);
  expect(link).toMatch(/^\/verify\?token=/);
  // Opening the link shows a button; the press verifies (a mail scanner's GET uses nothing up).
  await page.goto(link);
  await page.getByRole("button", { name: "이메일 인증하기" }).click();
  await expect(page.getByTestId("verified")).toBeVisible();
  await page.goto(link); // the same link again
  await page.getByRole("button", { name: "이메일 인증하기" }).click();
  await expect(page.getByTestId("form-error")).toHaveText("이미 사용한 링크입니다.");

  await page.goto("/signin");
  await page.getByLabel("이메일").fill(email);
  await page.getByLabel("비밀번호").fill("a-wrong-password-1");
  await page.getByRole("button", { name: "로그인" }).click();
  await expect(page.getByTestId("form-error")).toHaveText("이메일 또는 비밀번호가 올바르지 않습니다.");
  await expect(page.getByTestId("account-link")).toHaveCount(0);

  await page.getByLabel("비밀번호").fill(PASSWORD);
  await page.getByRole("button", { name: "로그인" }).click();
  await expect(page.getByTestId("account-link")).toHaveText("홍길동 님");
  // A sign-in that names no page lands an applicant on 내 컨소시엄 (issue 12 item 10), not the home page.
  await expect(page).toHaveURL(/\/consortia$/);
  await expect(page.getByRole("heading", { level: 1, name: "내 컨소시엄" })).toBeVisible();

  await page.goto("/");
  const call = page.getByTestId("call-sovereign-ai-foundation-model-2025");
  await expect(call.getByRole("heading", { name: "독자 AI 파운데이션 모델 개발 지원 사업" })).toBeVisible();
  await expect(call.getByTestId("call-closes-at")).toHaveText("2025년 7월 21일 (월) 16:00 KST");
  await expect(call.getByTestId("call-closes-at").locator("time")).toHaveAttribute("datetime", "2025-07-21T07:00:00.000Z");
  await expect(call.getByTestId("call-budget")).toHaveText("1,936억 원");
  await expect(call.getByTestId("call-state")).toHaveText("마감");
  await expect(call.getByTestId("countdown")).toHaveAttribute("data-state", "CLOSED");
  await expect(call).toContainText("과학기술정보통신부");

  // the demo call counts down on the server's clock
  const demo = page.getByTestId("call-demo-sovereign-ai-2025");
  await expect(demo.getByTestId("countdown")).toHaveAttribute("data-state", "OPEN");
  const first = await demo.getByTestId("countdown").textContent();
  await expect(demo.getByTestId("countdown")).not.toHaveText(first!, { timeout: 3000 });

  // English second
  await page.getByTestId("locale-switch").click();
  await expect(call.getByTestId("call-closes-at")).toHaveText("Mon 21 July 2025, 16:00 KST");
  await expect(call.getByTestId("call-state")).toHaveText("Closed");
  await page.getByTestId("locale-switch").click();
  await expect(call.getByTestId("call-state")).toHaveText("마감");

  // the call page and an unknown slug
  await page.goto("/calls/sovereign-ai-foundation-model-2025");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("독자 AI 파운데이션 모델 개발 지원 사업");
  const missing = await page.goto("/calls/no-such-call");
  expect(missing?.status()).toBe(404);
  await expect(page.getByTestId("error")).toHaveText("공고를 찾을 수 없습니다.");

  // sign out
  await page.getByRole("button", { name: "로그아웃" }).click();
  await expect(page.getByRole("link", { name: "로그인" })).toBeVisible();
  await admin.dispose();
});

test("forgotten password: the reset link sets a new one", async ({ page }) => {
  const admin = await adminClient();
  const email = uniqueEmail("reset");
  expect((await page.request.post("/api/v1/register", { data: { email, password: PASSWORD, name: "재설정", consents: CONSENTS } })).status()).toBe(201);
  await page.goto(await linkFromOutbox(admin, email));
  await page.goto("/forgot");
  await page.getByLabel("이메일").fill(email);
  await page.getByRole("button", { name: "확인" }).click();
  await expect(page.getByTestId("reset-sent")).toBeVisible();
  // The mail is written after the answer (decision 012): wait for it.
  let link = "";
  await expect
    .poll(async () => {
      link = await linkFromOutbox(admin, email);
      return link;
    })
    .toMatch(/^\/reset\?token=/);
  await page.goto(link);
  await page.getByLabel("새 비밀번호").fill("my-new-passphrase-2026");
  await page.getByRole("button", { name: "확인" }).click();
  await expect(page.getByTestId("reset-done")).toBeVisible();
  await page.goto("/signin");
  await page.getByLabel("이메일").fill(email);
  await page.getByLabel("비밀번호").fill("my-new-passphrase-2026");
  await page.getByRole("button", { name: "로그인" }).click();
  await expect(page.getByTestId("account-link")).toBeVisible();
  await admin.dispose();
});

test("the admin reads the outbox page", async ({ page }) => {
  await page.goto("/signin?callbackUrl=/admin/outbox");
  await page.getByLabel("이메일").fill("e2e-admin@example.com");
  await page.getByLabel("비밀번호").fill("e2e-Admin-password-2025");
  await page.getByRole("button", { name: "로그인" }).click();
  await expect(page.getByRole("heading", { name: "메일 발송함" })).toBeVisible();
  await expect(page.getByTestId("outbox")).toBeVisible();
});
