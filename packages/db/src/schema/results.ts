import type { JSONColumnType } from "kysely";
import type { Decimal, IsoDate } from "./runs";

export type Scenario = "HOLD" | "WINBACK" | "REBUY" | "UPSELL" | "CROSS_SELL" | "NURTURE";
export type Gate = "EXPORTED" | "EXCLUDED" | "HOLD" | "HOLDOUT" | "BLOCKED";
export type Severity = "ERROR" | "WARN" | "INFO";
type Shares = JSONColumnType<Record<string, number>>;

export interface CustomerProfilesTable {
  run_id: string;
  client_code: string;
  orders: number;
  first_order_date: IsoDate | null;
  last_order_date: IsoDate | null;
  recency_days: number | null;
  monetary_ht: Decimal;
  bottles: Decimal;
  r_score: number;
  f_score: number;
  m_score: number;
  segment: string;
  propensity_status: "FITTED" | "NOT_FITTED";
  p_alive: Decimal | null;
  expected_orders_90d: Decimal | null;
  dominant_family: string | null;
  dominant_share: Decimal | null;
  diversity: Decimal | null;
  family_shares: Shares;
  sweetness_shares: Shares;
  grape_shares: Shares;
  appellation_shares: Shares;
  price_band_ht: Decimal | null;
  usual_tier: number | null;
  stability: Decimal | null;
  aroma: JSONColumnType<Record<string, number>> | null;
  aroma_top3: string | null;
  aroma_confidence: Decimal | null;
  aroma_level: string | null;
  ledger_outstanding: Decimal;
  ledger_overdue: Decimal;
  /** Null on runs profiled before migration 0014. */
  segment_label: string | null;
  segment_action: string | null;
}

export interface CustomerScenariosTable {
  run_id: string;
  client_code: string;
  scenario: Scenario;
  reason: string;
  /** Recommend Map shard; null for HOLD customers (nothing to recommend). */
  shard: number | null;
}

export interface RecommendationsTable {
  run_id: string;
  client_code: string;
  rank: number;
  article: string;
  score: Decimal;
  /** The 2–3 proposed wines; unselected rows are the next ranked candidates, used to refill after a reviewer's block. */
  selected: boolean;
  is_backfill: boolean;
  reason_codes: string;
  explanation_fr: string;
  explanation_en: string;
}

export interface AuditResultsTable {
  run_id: string;
  client_code: string;
  scenario: Scenario;
  audit_score: number;
  errors: number;
  warnings: number;
  flags: string;
  gate: Gate;
  gate_reasons: string;
  is_holdout: boolean;
}

export interface AuditFlagsTable {
  run_id: string;
  client_code: string;
  /** 0 for a customer-level flag, else the recommendation's rank. */
  rank: number;
  code: string;
  severity: Severity;
  detail: string | null;
}

export interface ExportFilesTable {
  run_id: string;
  version: number;
  file_name: string;
  s3_key: string;
  sha256: string;
  bytes: number;
}

export interface ResultTables {
  customer_profiles: CustomerProfilesTable;
  customer_scenarios: CustomerScenariosTable;
  recommendations: RecommendationsTable;
  audit_results: AuditResultsTable;
  audit_flags: AuditFlagsTable;
  export_files: ExportFilesTable;
}
