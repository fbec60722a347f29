import { migrateToLatest, openDatabase } from "@crm-reco/db";
import { createLogger, ensureDatabaseUrl } from "@crm-reco/pipeline";

/**
 * Deploy-time migrations (SST Script in stacks/Database.ts, run on every deploy): PostgreSQL only, never the embedded
 * fallback. Returns the names of the migrations it applied.
 */
export async function handler(): Promise<{ applied: string[] }> {
  await ensureDatabaseUrl();
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("no database to migrate: DATABASE_SECRET_ARN or DATABASE_URL_PARAMETER must be set");
  const handle = await openDatabase({ url });
  try {
    const applied = await migrateToLatest(handle.db);
    createLogger({ function: "migrate" }).info("migrations_applied", { count: applied.length, last: applied.at(-1) ?? null });
    return { applied };
  } finally {
    await handle.close();
  }
}
