import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { defaultConfigDir, type LocalRunRequest, type LocalRunResult, runDropLocally } from "@crm-reco/cli";
import { createScratchSchema } from "@crm-reco/db/testing";
import { startLocalStack } from "@crm-reco/pipeline";

/** Tests write only under the ignored `.test-tmp/`. */
export function scratchDir(name: string): string {
  const dir = join(process.cwd(), ".test-tmp", `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

export type TestDialect = "pglite" | "postgres";

export function dialectsForEndToEnd(): TestDialect[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

/** A whole local stack in a fresh home (and a fresh PostgreSQL schema), one run, then everything closed. */
export async function runOnFreshStack(
  name: string,
  dialect: TestDialect,
  request: LocalRunRequest,
  configDir = defaultConfigDir(),
): Promise<LocalRunResult> {
  const home = scratchDir(name);
  const scratch = dialect === "postgres" ? await createScratchSchema(process.env.TEST_DATABASE_URL!) : undefined;
  const stack = await startLocalStack({ home, configDir, databaseUrl: scratch?.url });
  try {
    return await runDropLocally(stack, configDir, { retryIntervalMs: 10, ...request });
  } finally {
    await stack.close();
    await scratch?.drop();
  }
}
