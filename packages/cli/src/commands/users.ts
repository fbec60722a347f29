import { stdin, stdout } from "node:process";
import { createInterface } from "node:readline/promises";
import { hashPassword, isConsoleRole } from "@crm-reco/api";
import { listConsoleUsers, upsertConsoleUser } from "@crm-reco/db";
import { startLocalStack } from "@crm-reco/pipeline";
import { type CliCommand, UsageError } from "../command";
import { migratedDatabase } from "../local-run";

const MIN_PASSWORD = 10;

async function askPassword(): Promise<string> {
  const prompt = createInterface({ input: stdin, output: stdout, terminal: true });
  try {
    return await prompt.question("Password: ");
  } finally {
    prompt.close();
  }
}

export const usersCommand: CliCommand = {
  name: "users",
  usage: "users add <email> --role admin|marketing|viewer [--password P] | users list",
  description: "local console users (password from --password, CRM_RECO_PASSWORD or a prompt; stored as a salted scrypt hash)",
  options: { role: { type: "string" }, password: { type: "string" } },
  async run({ values, positionals, home, configDir, databaseUrl }) {
    const [action, rawEmail] = positionals;
    if (action !== "add" && action !== "list") throw new UsageError("users: expected `add <email> --role R` or `list`");
    const stack = await startLocalStack({ home, configDir, databaseUrl });
    try {
      const handle = await migratedDatabase();
      if (action === "list") {
        for (const user of await listConsoleUsers(handle)) console.log(`${user.role.padEnd(10)} ${user.email}`);
        return 0;
      }
      const email = (rawEmail ?? "").trim().toLowerCase();
      if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new UsageError("users add: give an email");
      if (!isConsoleRole(values.role)) throw new UsageError("users add: --role must be admin, marketing or viewer");
      const password = (values.password as string | undefined) ?? process.env.CRM_RECO_PASSWORD ?? (await askPassword());
      if (password.length < MIN_PASSWORD) throw new UsageError(`users add: the password needs at least ${MIN_PASSWORD} characters`);
      await upsertConsoleUser(handle, { email, role: values.role, passwordHash: await hashPassword(password) });
      console.log(`user ${email} (${values.role}) saved`);
      return 0;
    } finally {
      await stack.close();
    }
  },
};
