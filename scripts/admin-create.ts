// npm run admin:create -- --email someone@ministry.go.kr --name "홍길동"
// Asks for the password (or reads ADMIN_PASSWORD) and creates an admin, or adds ADMIN to an existing
// account. Uses DATABASE_URL, else the embedded database under ./.data (stop `npm start` first: the
// embedded server is owned by one process at a time).
import fs from "node:fs";
import { parseArgs } from "node:util";
import readline from "node:readline/promises";
import { prepareDatabase } from "../lib/db/bootstrap";

const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" } } });
if (!values.email) {
  console.error('usage: npm run admin:create -- --email <email> [--name "<name>"]');
  process.exit(2);
}
if (fs.existsSync(".env")) process.loadEnvFile(".env");
let password = process.env.ADMIN_PASSWORD;
if (!password) {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  password = await rl.question("password (10+ characters, not easy to guess): ");
  rl.close();
}
const { emailSchema, passwordSchema } = await import("../lib/auth/schemas");
const { passwordProblem } = await import("../lib/auth/password");
const email = emailSchema.safeParse(values.email);
const pw = passwordSchema.safeParse(password);
const problem = pw.success ? passwordProblem(password, [values.email]) : pw.error.issues[0]?.message;
if (!email.success || problem) {
  console.error(!email.success ? "invalid email address" : `password refused: ${problem}`);
  process.exit(1);
}
const database = await prepareDatabase({ log: () => {} });
process.env.DATABASE_URL = database.url;
const { ensureUser } = await import("../lib/db/seed");
const { closeDb } = await import("../lib/db/client");
await ensureUser({ email: email.data, password, name: values.name ?? "Administrator", roles: ["ADMIN"] }, (l) => console.log(l));
console.log(`admin ready: ${email.data}`);
await closeDb();
await database.embedded?.stop();
