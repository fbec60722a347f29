import { AROMA_AXES } from "../config/aromas";
import type { CsvCell } from "../csv/csv-writer";
import { compareCodePoints } from "./share-map";

type Decimalish = string | number | null;
type ShareMap = Record<string, number> | string | null;

/** A `customer_profiles` row as `SELECT *` returns it (decimals as text, jsonb parsed or as text, dates ISO). */
export interface CustomerProfileRecord {
  client_code: string;
  orders: number;
  first_order_date: string | Date | null;
  last_order_date: string | Date | null;
  recency_days: number | null;
  monetary_ht: Decimalish;
  bottles: Decimalish;
  r_score: number;
  f_score: number;
  m_score: number;
  segment: string;
  /** Null for runs profiled before the labels were stored. */
  segment_label?: string | null;
  segment_action?: string | null;
  propensity_status: string;
  p_alive: Decimalish;
  expected_orders_90d: Decimalish;
  dominant_family: string | null;
  dominant_share: Decimalish;
  diversity: Decimalish;
  family_shares: ShareMap;
  sweetness_shares: ShareMap;
  grape_shares: ShareMap;
  appellation_shares: ShareMap;
  price_band_ht: Decimalish;
  usual_tier: number | null;
  stability: Decimalish;
  aroma: ShareMap;
  aroma_top3: string | null;
  aroma_confidence: Decimalish;
  aroma_level: string | null;
  ledger_outstanding: Decimalish;
  ledger_overdue: Decimalish;
}

/**
 * Columns of `customer_profiles.csv` (DOMAIN §6): the twelve agreed first columns in their order, then the segment's
 * label and suggested action (in the run's locale), then the rest.
 */
export const customerProfileCsvHeader: string[] = [
  "client_code",
  "orders",
  "first_order_date",
  "last_order_date",
  "recency_days",
  "monetary_ht",
  "r_score",
  "f_score",
  "m_score",
  "segment",
  "p_alive",
  "expected_orders_90d",
  "segment_label",
  "segment_action",
  "propensity_status",
  "bottles",
  "dominant_family",
  "dominant_share",
  "diversity",
  "family_shares",
  "sweetness_shares",
  "grape_shares",
  "appellation_shares",
  "price_band_ht",
  "usual_tier",
  "stability",
  ...AROMA_AXES.map((axis) => `aroma_${axis}`),
  "aroma_top3",
  "aroma_confidence",
  "aroma_level",
  "ledger_outstanding",
  "ledger_overdue",
];

/** Exact decimal text becomes a number cell (`.` decimals, never formula-neutralised, no trailing zeros). */
function decimal(value: Decimalish): number | null {
  if (value === null || value === "") return null;
  const number = typeof value === "number" ? value : Number(value);
  return Number.isFinite(number) ? number : null;
}

function isoDate(value: string | Date | null): string | null {
  if (value === null) return null;
  return typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

function parseMap(value: ShareMap): Record<string, number> {
  if (value === null) return {};
  return typeof value === "string" ? (JSON.parse(value) as Record<string, number>) : value;
}

/** `Blanc:0.25|Rouge:0.75`: keys in code-point order. */
function flattenShares(value: ShareMap): string {
  const map = parseMap(value);
  return Object.keys(map)
    .sort(compareCodePoints)
    .map((key) => `${key}:${map[key]}`)
    .join("|");
}

export function toCustomerProfileCsvRow(row: CustomerProfileRecord): CsvCell[] {
  const aroma = row.aroma === null ? null : parseMap(row.aroma);
  return [
    row.client_code,
    row.orders,
    isoDate(row.first_order_date),
    isoDate(row.last_order_date),
    row.recency_days,
    decimal(row.monetary_ht),
    row.r_score,
    row.f_score,
    row.m_score,
    row.segment,
    decimal(row.p_alive),
    decimal(row.expected_orders_90d),
    row.segment_label ?? null,
    row.segment_action ?? null,
    row.propensity_status,
    decimal(row.bottles),
    row.dominant_family,
    decimal(row.dominant_share),
    decimal(row.diversity),
    flattenShares(row.family_shares),
    flattenShares(row.sweetness_shares),
    flattenShares(row.grape_shares),
    flattenShares(row.appellation_shares),
    decimal(row.price_band_ht),
    row.usual_tier,
    decimal(row.stability),
    ...AROMA_AXES.map((axis) => (aroma ? (aroma[axis] ?? null) : null)),
    row.aroma_top3,
    decimal(row.aroma_confidence),
    row.aroma_level,
    decimal(row.ledger_outstanding),
    decimal(row.ledger_overdue),
  ];
}
