export { type LoadedConfig, loadConfigDir } from "./config-files";
export * from "./contracts";
export { readEnvironment, type StageEnvironment } from "./environment";
export { createLogger, type LogFields, type Logger, setLogSink } from "./logger";
export { createS3Client, getObjectBytes, putObject } from "./s3";
export { closeStageContext, getStageContext, type StageContext } from "./stages/context";
export { defineStage, type StageHandler, type StageName } from "./stages/define-stage";
export { TransientError } from "./stages/errors";
