import {
  type ApiDependencies,
  CONSOLE_ROLES,
  type ConsoleRole,
  hashPassword,
  LoginRateLimiter,
  loadSessionKey,
  startConsoleServer,
} from "@crm-reco/api";
import { type DatabaseHandle, upsertConsoleUser } from "@crm-reco/db";
import { taskHandlers } from "@crm-reco/functions";
import {
  executeLocally,
  generateWinery,
  getStageContext,
  type LocalStack,
  loadConfigDir,
  recordedRunInput,
  renderDefinition,
  startLocalStack,
} from "@crm-reco/pipeline";
import { migratedDatabase, runDropLocally } from "./local-run";

/**
 * Re-runs on the local stack: the recorded run's input executed again in-process, in the background (its stages
 * replace that run's rows). The config directory is read again first, so a config saved from Settings applies.
 */
function localRerun(stack: LocalStack, handle: DatabaseHandle, configDir: string) {
  const running = new Map<string, Promise<void>>();
  const rerun = async (runId: string) => {
    if (running.has(runId)) return { runId, started: false };
    // Locally the as-of date is resolved again (config, else the latest sale), so an as_of saved from Settings applies.
    const input = { ...(await recordedRunInput(handle, runId)), asOf: null };
    const loaded = loadConfigDir(configDir);
    Object.assign(await getStageContext(), { config: loaded.config, configHash: loaded.hash });
    const definition = renderDefinition({ recommendMaxConcurrency: loaded.config.pipeline.recommend.max_concurrency });
    const done = executeLocally(definition, taskHandlers, input, { retryIntervalMs: 10 })
      .then(async (execution) => {
        if (execution.status === "SUCCEEDED") await stack.mirrorExports(runId);
      })
      .catch((error: unknown) => {
        console.error(
          JSON.stringify({ level: "error", msg: "rerun_failed", runId, error: error instanceof Error ? error.message : String(error) }),
        );
      })
      .finally(() => running.delete(runId));
    running.set(runId, done);
    return { runId, started: true };
  };
  return { rerun, idle: () => Promise.all(running.values()).then(() => undefined) };
}

/** The local stack as the console API's dependencies: the existing `.crm-reco/` (database, S3 server, outbox). */
export async function startConsoleDependencies(options: {
  home: string;
  configDir: string;
  databaseUrl?: string;
  stack?: LocalStack;
}): Promise<{ deps: ApiDependencies; stack: LocalStack; reruns: { idle(): Promise<void> }; close(): Promise<void> }> {
  const ownStack = !options.stack;
  const stack =
    options.stack ?? (await startLocalStack({ home: options.home, configDir: options.configDir, databaseUrl: options.databaseUrl }));
  const handle = await migratedDatabase();
  const { config } = loadConfigDir(options.configDir);
  const reruns = localRerun(stack, handle, options.configDir);
  const deps: ApiDependencies = {
    context: async () => ({ handle, config, s3: stack.s3Client, buckets: stack.buckets }),
    sessions: { key: loadSessionKey(options.home), limiter: new LoginRateLimiter(), secureCookies: false },
    outboxDir: stack.paths.outbox,
    onExportWritten: async (runId) => {
      await stack.mirrorExports(runId);
    },
    configDir: { path: options.configDir, readOnly: false },
    rerun: reruns.rerun,
    now: () => new Date(),
  };
  return {
    deps,
    stack,
    reruns,
    close: async () => {
      await reruns.idle();
      if (ownStack) await stack.close();
    },
  };
}

export interface DemoConsole {
  url: string;
  runId: string;
  stack: LocalStack;
  /** One user per role: `<role>@demo.crm-reco.test`, all with `password`. */
  users: Record<ConsoleRole, string>;
  password: string;
  /** Resolves once the re-runs started from the console have finished. */
  reruns: { idle(): Promise<void> };
  close(): Promise<void>;
}

/**
 * A fresh local stack in `home` with one run of a generated winery, one console user per role, and the console
 * server on 127.0.0.1 (port 0: any free port). Used by the browser tests and `crm-reco screenshots`.
 */
export async function startDemoConsole(options: {
  home: string;
  configDir: string;
  databaseUrl?: string;
  customers: number;
  seed: string;
  password: string;
  port?: number;
}): Promise<DemoConsole> {
  const stack = await startLocalStack({ home: options.home, configDir: options.configDir, databaseUrl: options.databaseUrl });
  try {
    const winery = generateWinery({ customers: options.customers, seed: options.seed });
    const run = await runDropLocally(stack, options.configDir, { dropKey: "demo", files: winery.files, retryIntervalMs: 10 });
    if (run.status !== "SUCCEEDED") throw new Error(`the demo run failed: ${run.error ?? "unknown error"}`);
    const handle = await migratedDatabase();
    const passwordHash = await hashPassword(options.password);
    const users = Object.fromEntries(CONSOLE_ROLES.map((role) => [role, `${role}@demo.crm-reco.test`])) as Record<ConsoleRole, string>;
    for (const role of CONSOLE_ROLES) await upsertConsoleUser(handle, { email: users[role], role, passwordHash });
    const consoleDeps = await startConsoleDependencies({ ...options, stack });
    const server = await startConsoleServer(consoleDeps.deps, options.port ?? 0);
    return {
      url: server.url,
      runId: run.runId,
      stack,
      users,
      password: options.password,
      reruns: consoleDeps.reruns,
      close: async () => {
        await server.close();
        await consoleDeps.close();
        await stack.close();
      },
    };
  } catch (error) {
    await stack.close();
    throw error;
  }
}
