import { resolve } from "node:path";
import { startLocalStack } from "@crm-reco/pipeline";
import type { CliCommand } from "../command";
import { migratedDatabase } from "../local-run";

export const migrateCommand: CliCommand = {
  name: "migrate",
  usage: "migrate",
  description: "apply the database migrations (PGlite in .crm-reco/pg, or DATABASE_URL)",
  async run({ home, configDir, databaseUrl }) {
    const stack = await startLocalStack({ home, configDir, databaseUrl });
    try {
      await migratedDatabase();
      console.log(`migrations applied (${databaseUrl ? "PostgreSQL" : `PGlite in ${resolve(home, "pg")}`})`);
    } finally {
      await stack.close();
    }
    return 0;
  },
};
