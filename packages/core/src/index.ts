export { type AuditGate, auditCustomer, auditCustomers, type CustomerAudit } from "./audit/audit-customer";
export type { CustomerAuditFacts, EmailIdentity, RecommendationAuditFacts } from "./audit/audit-facts";
export { type AuditRunMetrics, summariseAudit } from "./audit/audit-metrics";
export { type AuditFlag, type AuditRuleContext, evaluateAuditRules } from "./audit/audit-rules";
export { type AuditScore, scoreAudit } from "./audit/audit-score";
export { type EmailIdentityInput, type EmailIdentityResult, resolveEmailIdentities } from "./audit/email-identities";
export { holdoutPosition, isInHoldout } from "./audit/holdout";
export { findBannedWords, normaliseWording } from "./audit/objective-wording";
export { addMonths, addYears, daysBetween, monthsBefore } from "./calendar/iso-dates";
export { AROMA_AXES, type AromaAxis, type AromasConfig, aromasConfigSchema } from "./config/aromas";
export { AUDIT_RULE_CODES, type AuditConfig, type AuditRuleCode, type AuditSeverity, auditConfigSchema } from "./config/audit";
export { type FeaturesConfig, featuresConfigSchema, type SegmentDefinition } from "./config/features";
export { ConfigError, type ConfigTexts, configHash, parseConfig } from "./config/load";
export { type KindMapping, type MappingsConfig, mappingsConfigSchema } from "./config/mappings";
export type { NotificationsConfig } from "./config/notifications";
export { type OutcomesConfig, outcomesConfigSchema } from "./config/outcomes";
export type { PipelineConfig } from "./config/pipeline";
export { HOLD_REASONS, type HoldReason, type ScenarioRule, type ScenariosConfig, scenariosConfigSchema } from "./config/scenarios";
export type { AppConfig, ConfigFileName } from "./config/schema";
export * from "./config/scoring";
export { type CsvCell, type CsvOptions, formatCsvCell, neutraliseFormula, toCsv } from "./csv/csv-writer";
export * from "./evaluation/baseline-lists";
export * from "./evaluation/evaluation-cases";
export * from "./evaluation/evaluation-table";
export * from "./evaluation/ranking-metrics";
export * from "./export/audit-report-csv";
export * from "./export/audit-targets";
export * from "./export/campaign-csv";
export * from "./export/canonical-json";
export * from "./export/export-file-names";
export * from "./export/french-price";
export * from "./export/holdout-csv";
export * from "./export/ingest-report";
export * from "./export/manifest";
export * from "./export/rejects-csv";
export * from "./export/run-summary";
export { type AromaLevel, type AromaProfile, type AromaSums, aromaProfile } from "./features/aroma-profile";
export { type BgNbdCustomer, type BgNbdFit, type BgNbdParameters, expectedOrders, fitBgNbd, probabilityAlive } from "./features/bgnbd";
export * from "./features/customer-profile";
export { type CustomerProfileRecord, customerProfileCsvHeader, toCustomerProfileCsvRow } from "./features/profile-csv";
export { binScores, quintileScores, type RfmScores, type RfmValues, segmentFor } from "./features/rfm-scores";
export {
  type FeatureAggregates,
  type FeatureProduct,
  fixedDecimal,
  type LedgerBalance,
  roundFloatLikeNumeric,
  SalesLineAccumulator,
} from "./features/sales-aggregates";
export { compareCodePoints, type ShareSummary, splitGrapes, summariseShares } from "./features/share-map";
export { bottleEquivalents } from "./ingest/bottle-equivalents";
export {
  buildCellVocabulary,
  CellFailure,
  type CellOutcome,
  type CellValue,
  type CellVocabulary,
  type ConsentValue,
  cellConverterFor,
  convertCell,
} from "./ingest/convert-cell";
export { CsvQuoteNotClosedError, type CsvRecord, CsvRecordSplitter } from "./ingest/csv-record-splitter";
export { type CsvDelimiter, detectDelimiter, firstLogicalLine } from "./ingest/detect-delimiter";
export { EncodingSniffer, type TextEncodingName } from "./ingest/detect-encoding";
export { type ColumnIndex, detectKind, type KindDetection, resolveColumns } from "./ingest/detect-kind";
export { type CellType, type FieldOf, fieldsOf, INGEST_KINDS, type IngestKind, KIND_FIELDS } from "./ingest/ingest-kinds";
export { type CellReject, clientCodeFromAccount, createRecordMapper, MAX_CELL_CHARS, type MappedRecord } from "./ingest/map-record";
export { normaliseHeader, stripAccents } from "./ingest/normalise-header";
export { cleanText, normaliseArticle, normaliseClientCode, normaliseEmail } from "./ingest/normalise-identity";
export { parseDate } from "./ingest/parse-date";
export { parseDecimal, parseInteger } from "./ingest/parse-decimal";
export { articleCoefficient, deriveCuvee } from "./ingest/product-labels";
export {
  FILE_REJECT_REASONS,
  type FileRejectReason,
  type RejectReason,
  ROW_REJECT_REASONS,
  type RowRejectReason,
} from "./ingest/reject-reasons";
export { type ArticleReference, SalesLineReferences } from "./ingest/sales-line-references";
export * from "./ingest/staged-rows";
export * from "./notify/email-texts";
export * from "./notify/encoded-word";
export * from "./notify/mime-message";
export * from "./notify/quoted-printable";
export * from "./notify/run-email";
export * from "./outcomes/mean-difference";
export * from "./outcomes/outcome-measures";
export * from "./outcomes/outcomes-csv";
export * from "./outcomes/proportion-difference";
export * from "./outcomes/quantiles";
export * from "./outcomes/uplift-verdict";
export * from "./privacy/csv-records";
export * from "./privacy/erase-from-export";
export * from "./privacy/erased-record-matcher";
export * from "./privacy/erasure-subject";
export * from "./privacy/tombstone-hash";
export * from "./recommend/catalogue-index";
export * from "./recommend/catalogue-item";
export * from "./recommend/customer-taste";
export * from "./recommend/cuvee-key";
export * from "./recommend/explain-recommendation";
export * from "./recommend/purchase-history";
export * from "./recommend/reason-codes";
export * from "./recommend/recommend-customer";
export * from "./recommend/recommend-shard";
export * from "./recommend/rerank-for-diversity";
export * from "./recommend/scenario-candidates";
export * from "./recommend/score-candidates";
export * from "./recommend/score-terms";
export * from "./recommend/sweetness-level";
export * from "./recommend/taste-key";
export * from "./scenarios/choose-scenario";
export { isValidEmail } from "./scenarios/email-address";
export { planShards, type ShardPlan } from "./scenarios/shards";
