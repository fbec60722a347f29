import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { defaultConfigDir, type LocalRunRequest, type LocalRunResult, runDropLocally } from "@crm-reco/cli";
import { createScratchSchema } from "@crm-reco/db/testing";
import { type LocalStack, startLocalStack } from "@crm-reco/pipeline";

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

/**
 * A fresh local stack kept open for several runs (e.g. the outcomes loop: run 1 exports, run 2 brings later
 * sales); `run` executes one drop on it. Everything is closed afterwards.
 */
export async function withFreshStack<T>(
  name: string,
  dialect: TestDialect,
  body: (run: (request: LocalRunRequest) => Promise<LocalRunResult>, stack: LocalStack) => Promise<T>,
  configDir = defaultConfigDir(),
): Promise<T> {
  const home = scratchDir(name);
  const scratch = dialect === "postgres" ? await createScratchSchema(process.env.TEST_DATABASE_URL!) : undefined;
  const stack = await startLocalStack({ home, configDir, databaseUrl: scratch?.url });
  try {
    return await body((request) => runDropLocally(stack, configDir, { retryIntervalMs: 10, ...request }), stack);
  } finally {
    await stack.close();
    await scratch?.drop();
  }
}
