import type { ScoringConfig } from "../config/scoring";
import { buildCatalogueIndex, type CatalogueIndex } from "../recommend/catalogue-index";
import type { CatalogueItem } from "../recommend/catalogue-item";
import { toCustomerTaste } from "../recommend/customer-taste";
import { cuveeKey } from "../recommend/cuvee-key";
import { type PurchaseFacts, toPurchaseHistory } from "../recommend/purchase-history";
import type { RecommendShardInput } from "../recommend/recommend-shard";
import { popularityBaseline, sameFamilyBaseline } from "./baseline-lists";
import type { EvaluationCase, ListedWine } from "./ranking-metrics";

export interface EvaluationShardInput extends RecommendShardInput {
  /** The recommender's selected articles per customer, in rank order (as stored by the recommend stage). */
  recommended: ReadonlyMap<string, readonly string[]>;
  /** Articles each customer bought in the hidden window. */
  hidden: ReadonlyMap<string, readonly string[]>;
}

function listed(article: string, catalogue: CatalogueIndex): ListedWine {
  const item = catalogue.byArticle.get(article);
  return { article, cuvee: item?.cuvee ?? cuveeKey(null, null, article), familyKey: item?.familyKey ?? null };
}

const asListed = (item: CatalogueItem): ListedWine => ({ article: item.article, cuvee: item.cuvee, familyKey: item.familyKey });

/**
 * The evaluation cases of one recommend shard: for every customer the recommender served (HOLD customers are
 * not in a shard), our stored list and the two baselines built from exactly the recommender's inputs (same
 * catalogue, popularity, purchase history up to the cut-off and hard filters). Also returns the catalogue,
 * whose `available` size is the coverage denominator.
 */
export function buildEvaluationCases(
  input: EvaluationShardInput,
  config: ScoringConfig,
  k: number,
): { cases: EvaluationCase[]; catalogue: CatalogueIndex } {
  const catalogue = buildCatalogueIndex(input.products, input.affinity, config, input.aromasByArticle);
  const purchasesByCustomer = new Map<string, PurchaseFacts[]>();
  for (const purchase of input.purchases) {
    const list = purchasesByCustomer.get(purchase.clientCode) ?? [];
    list.push(purchase);
    purchasesByCustomer.set(purchase.clientCode, list);
  }
  const cases: EvaluationCase[] = [];
  const customers = [...input.customers].sort((a, b) => (a.clientCode < b.clientCode ? -1 : a.clientCode > b.clientCode ? 1 : 0));
  for (const customer of customers) {
    const taste = toCustomerTaste(customer);
    if (taste === null) continue;
    const history = toPurchaseHistory(purchasesByCustomer.get(customer.clientCode) ?? [], catalogue, config);
    const hidden = (input.hidden.get(customer.clientCode) ?? []).map((article) => listed(article, catalogue));
    cases.push({
      clientCode: customer.clientCode,
      scenario: taste.scenario,
      lists: {
        recommender: (input.recommended.get(customer.clientCode) ?? []).slice(0, k).map((article) => listed(article, catalogue)),
        popularity: popularityBaseline(history, catalogue, input.asOf, config, k).map(asListed),
        same_family: sameFamilyBaseline(taste.dominantFamilyKey, history, catalogue, input.asOf, config, k).map(asListed),
      },
      hiddenArticles: new Set(hidden.map((wine) => wine.article)),
      hiddenCuvees: new Set(hidden.map((wine) => wine.cuvee)),
    });
  }
  return { cases, catalogue };
}
