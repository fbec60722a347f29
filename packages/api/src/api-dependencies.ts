import type { S3Client } from "@aws-sdk/client-s3";
import type { AppConfig } from "@crm-reco/core";
import type { DatabaseHandle } from "@crm-reco/db";
import type { JwtSettings } from "./jwt-authenticator";
import type { LoginRateLimiter } from "./login-rate-limiter";

/** What the API needs from its host (the local server or the Lambda function). Opened lazily, on first use. */
export interface ApiContext {
  handle: DatabaseHandle;
  config: AppConfig;
  s3: S3Client;
  buckets: { inbox: string; exports: string };
}

export interface ApiDependencies {
  context(): Promise<ApiContext>;
  /** Local users and cookie sessions (the local server); absent in AWS. */
  sessions?: { key: Buffer; limiter: LoginRateLimiter; secureCookies: boolean };
  /** Cognito bearer tokens (AWS). */
  jwt?: JwtSettings;
  /** The local outbox folder (`.crm-reco/outbox`); absent in AWS. */
  outboxDir?: string;
  /** Called after a new export version is written (the local server mirrors it to `.crm-reco/exports/`). */
  onExportWritten?(runId: string): Promise<void>;
  /**
   * The config directory the Settings page shows and edits. `readOnly` (the Lambda's bundled directory, or whenever
   * `AWS_LAMBDA_FUNCTION_NAME` is set): a save is stored in `config_versions` only. Absent: Settings answers 501.
   */
  configDir?: { path: string; readOnly: boolean };
  /**
   * Starts a recorded run's input again (its stages replace that run's rows). Locally the console server executes
   * the state machine in-process; in AWS `SfnRunStarter` starts an execution of the same run id under a re-run name.
   */
  rerun?(runId: string): Promise<{ runId: string; started: boolean }>;
  now(): Date;
}
