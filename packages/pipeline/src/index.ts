export { type LoadedConfig, loadConfigDir } from "./config-files";
export * from "./contracts";
export {
  awsDatabaseUrlSources,
  type DatabaseUrlSources,
  databaseUrlFromRdsSecret,
  ensureDatabaseUrl,
  resolveDatabaseUrl,
} from "./database-url";
export { createEmailSender } from "./email/create-email-sender";
export type { EmailSender, OutgoingEmail } from "./email/email-sender";
export { OutboxEmailSender } from "./email/outbox-email-sender";
export { createSesClient, SesEmailSender } from "./email/ses-email-sender";
export { readEnvironment, type StageEnvironment } from "./environment";
export {
  type EvaluationReport,
  type EvaluationRequest,
  type EvaluationVariant,
  evaluateRecommender,
} from "./evaluation/evaluate-recommender";
export { type IngestContext, type IngestOptions, ingest, registerIngestRun } from "./ingest/run-ingest";
export { type LocalStack, type LocalStackOptions, startLocalStack } from "./local/local-stack";
export { type QueuePoller, startQueuePoller } from "./local/queue-poller";
export { forwardS3Notifications, type S3NotificationForwarder } from "./local/s3-notifications";
export { type LocalS3Server, startLocalS3 } from "./local/s3-server";
export { type LocalServe, readServeState, type ServeOptions, type ServeState, serveStateFile, startServe } from "./local/serve";
export { INBOX_DEAD_LETTER_QUEUE_NAME, INBOX_QUEUE_NAME, inboxQueueUrls, type LocalSqs, startLocalSqs } from "./local/sqs-server";
export {
  type DefinitionSettings,
  type ExecutionEvent,
  type ExecutionOptions,
  type ExecutionResult,
  executeLocally,
  renderDefinition,
  type TaskHandlers,
  taskResourceNames,
} from "./local/state-machine-runner";
export { createLogger, type LogFields, type Logger, redactPersonalFields, setLogSink } from "./logger";
export { measureOutcomes, type OutcomesContext, type OutcomesSummary } from "./outcomes/measure-outcomes";
export { applyRetention, type RetentionRequest } from "./privacy/apply-retention";
export { type EraseCustomerReport, type EraseCustomerRequest, eraseCustomer } from "./privacy/erase-customer";
export { LOCAL_ERASURE_SALT, resolveErasureSalt } from "./privacy/erasure-salt";
export { type CustomerAccessExport, exportCustomerData } from "./privacy/export-customer-data";
export { deleteOlderVersions } from "./privacy/export-object-versions";
export { runIdForDrop } from "./run-id";
export { createS3Client, getObjectBytes, putObject } from "./s3";
export * from "./sample";
export { type AuditContext, auditStage, runAudit } from "./stages/audit";
export { closeStageContext, getStageContext, type StageContext } from "./stages/context";
export { defineStage, type StageHandler, type StageName } from "./stages/define-stage";
export { TransientError } from "./stages/errors";
export { exportStage, runExport, verifyCampaignFile } from "./stages/export";
export { featuresStage, runFeatures } from "./stages/features";
export { ingestStage } from "./stages/ingest";
export { describeFailure, markRunFailed, recordRunFailure } from "./stages/mark-failed";
export { notifyStage, runNotify } from "./stages/notify";
export { type RecommendContext, recommendStage, runRecommendShard } from "./stages/recommend";
export { runScenarios, scenariosStage } from "./stages/scenarios";
export { type LocalRunRecord, LocalRunStarter, type LocalRunStarterOptions, type RecordedRunStatus } from "./starter/local-run-starter";
export { recordedRunInput } from "./starter/recorded-run-input";
export type { RunStarter } from "./starter/run-starter";
export { executionName, SfnRunStarter } from "./starter/sfn-run-starter";
export { type Drop, type DropSettings, dropOfKey, objectRole } from "./trigger/drop";
export { type DropDecision, decideDrop } from "./trigger/drop-decision";
export { type DropObject, s3BucketLister, s3DropLister } from "./trigger/drop-listing";
export { decodeEventKey, encodeEventKey } from "./trigger/object-key";
export { sqsRecheckScheduler } from "./trigger/recheck-queue";
export { redriveDeadLetters } from "./trigger/redrive-dead-letters";
export { rescanInbox } from "./trigger/rescan-inbox";
export { createSqsClient } from "./trigger/sqs-client";
export { triggerFromEnvironment } from "./trigger/trigger-from-environment";
export { createTriggerHandler, type TriggerDependencies, type TriggerHandler } from "./trigger/trigger-handler";
export * from "./trigger/trigger-messages";
