import type { AromaAxis } from "../config/aromas";
import type { ScoringConfig } from "../config/scoring";
import { type AffinityFacts, buildCatalogueIndex } from "./catalogue-index";
import type { ProductFacts } from "./catalogue-item";
import { type CustomerFacts, toCustomerTaste } from "./customer-taste";
import { type PurchaseFacts, toPurchaseHistory } from "./purchase-history";
import { type RecommendationRow, recommendCustomer } from "./recommend-customer";

export interface RecommendShardInput {
  asOf: string;
  customers: readonly CustomerFacts[];
  purchases: readonly PurchaseFacts[];
  products: readonly ProductFacts[];
  affinity: readonly AffinityFacts[];
  /** `aromas.by_article`: axes for products whose file has none. */
  aromasByArticle?: Readonly<Record<string, Record<AromaAxis, number>>>;
}

export interface RecommendShardCounts {
  customers: number;
  recommended: number;
  withoutRecommendation: number;
  backfilled: number;
  recommendations: number;
  alternates: number;
  [name: string]: number;
}

/** Recommendations for every customer of a shard, in client-code order (pure; the stage loads and writes). */
export function recommendShard(
  input: RecommendShardInput,
  config: ScoringConfig,
): { rows: RecommendationRow[]; counts: RecommendShardCounts } {
  const catalogue = buildCatalogueIndex(input.products, input.affinity, config, input.aromasByArticle);
  const purchasesByCustomer = new Map<string, PurchaseFacts[]>();
  for (const purchase of input.purchases) {
    const list = purchasesByCustomer.get(purchase.clientCode) ?? [];
    list.push(purchase);
    purchasesByCustomer.set(purchase.clientCode, list);
  }
  const counts: RecommendShardCounts = {
    customers: 0,
    recommended: 0,
    withoutRecommendation: 0,
    backfilled: 0,
    recommendations: 0,
    alternates: 0,
  };
  const rows: RecommendationRow[] = [];
  const customers = [...input.customers].sort((a, b) => (a.clientCode < b.clientCode ? -1 : a.clientCode > b.clientCode ? 1 : 0));
  for (const customer of customers) {
    const taste = toCustomerTaste(customer);
    if (taste === null) continue;
    counts.customers++;
    const history = toPurchaseHistory(purchasesByCustomer.get(customer.clientCode) ?? [], catalogue, config);
    const customerRows = recommendCustomer(taste, history, catalogue, input.asOf, config);
    const selected = customerRows.filter((row) => row.selected);
    if (selected.length > 0) counts.recommended++;
    else counts.withoutRecommendation++;
    if (selected.some((row) => row.isBackfill)) counts.backfilled++;
    counts.recommendations += selected.length;
    counts.alternates += customerRows.length - selected.length;
    rows.push(...customerRows);
  }
  return { rows, counts };
}
