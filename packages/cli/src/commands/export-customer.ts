import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { exportCustomerData, startLocalStack } from "@crm-reco/pipeline";
import { type CliCommand, UsageError } from "../command";
import { migratedDatabase } from "../local-run";

export const exportCustomerCommand: CliCommand = {
  name: "export-customer",
  usage: "export-customer <client_code|email> [--out FILE]",
  description: "RGPD access right: everything held about one person, as JSON (stdout or --out FILE)",
  options: { out: { type: "string" } },
  async run({ values, positionals, home, configDir, databaseUrl }) {
    if (positionals.length !== 1) throw new UsageError("export-customer needs exactly one client code or email");
    const stack = await startLocalStack({ home, configDir, databaseUrl });
    try {
      const data = await exportCustomerData(await migratedDatabase(), positionals[0] as string);
      const json = `${JSON.stringify(data, null, 2)}\n`;
      if (typeof values.out === "string") {
        writeFileSync(resolve(values.out), json, "utf8");
        console.log(`${data.clientCodes.length} customer record(s) written to ${resolve(values.out)}`);
      } else process.stdout.write(json);
    } finally {
      await stack.close();
    }
    return 0;
  },
};
