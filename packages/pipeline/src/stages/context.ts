import type { S3Client } from "@aws-sdk/client-s3";
import type { AppConfig } from "@crm-reco/core";
import { type DatabaseHandle, migrateToLatest, openDatabase } from "@crm-reco/db";
import { type LoadedConfig, loadConfigDir } from "../config-files";
import { ensureDatabaseUrl } from "../database-url";
import { readEnvironment, type StageEnvironment } from "../environment";
import { ensureErasureSalt } from "../privacy/erasure-salt";
import { createS3Client } from "../s3";

/** What every stage gets: built once per process (one Lambda container, or the local stack) and reused. */
export interface StageContext {
  handle: DatabaseHandle;
  config: AppConfig;
  configHash: string;
  s3: S3Client;
  buckets: { inbox: string; exports: string };
  env: StageEnvironment;
}

let shared: Promise<StageContext> | undefined;

export function getStageContext(): Promise<StageContext> {
  shared ??= createStageContext().catch((error) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

/** Closes the shared context (local stack shutdown, tests); the next call builds a new one. */
export async function closeStageContext(): Promise<void> {
  const current = shared;
  shared = undefined;
  if (current) await (await current).handle.close();
}

async function createStageContext(): Promise<StageContext> {
  // In AWS: secrets resolved once per cold start (RDS or SST secret, erasure salt); nothing to do locally.
  await ensureDatabaseUrl();
  await ensureErasureSalt();
  const env = readEnvironment();
  const loaded: LoadedConfig = loadConfigDir(env.CRM_RECO_CONFIG_DIR);
  const handle = env.DATABASE_URL
    ? await openDatabase({ url: env.DATABASE_URL })
    : await openDatabase({ dataDir: env.CRM_RECO_PGLITE_DIR });
  // Locally the embedded database migrates itself; in AWS migrations run at deploy time (SST Script).
  if (!env.DATABASE_URL) await migrateToLatest(handle.db);
  return {
    handle,
    config: loaded.config,
    configHash: loaded.hash,
    s3: createS3Client(),
    buckets: { inbox: env.INBOX_BUCKET, exports: env.EXPORTS_BUCKET },
    env,
  };
}
