export { ConfigError, type ConfigTexts, configHash, parseConfig } from "./config/load";
export type { NotificationsConfig } from "./config/notifications";
export type { PipelineConfig } from "./config/pipeline";
export type { AppConfig, ConfigFileName } from "./config/schema";
export { type CsvCell, type CsvOptions, formatCsvCell, neutraliseFormula, toCsv } from "./csv/csv-writer";
