import type { ScoringConfig } from "../config/scoring";
import type { CatalogueIndex } from "./catalogue-index";
import { cuveeKey } from "./cuvee-key";

/** One customer's history of one article on or before the as-of date. */
export interface PurchaseFacts {
  clientCode: string;
  article: string;
  /** Latest delivery of a (non-credit) sale, YYYY-MM-DD; null when the article was only credited. */
  lastPurchase: string | null;
  /** Net spend HT, decimal text. */
  spendHt: string;
}

export interface PurchaseHistory {
  /** Articles actually bought (lastPurchase known) → latest purchase date. */
  lastByArticle: Map<string, string>;
  /** Cuvée key → latest purchase date of any of its articles. */
  lastByCuvee: Map<string, string>;
  /** Cuvée key → the most recent vintage bought (cuvées bought without a known vintage are absent). */
  newestVintageByCuvee: Map<string, number>;
  /** Cuvée key → an article of it the customer bought (the most recent vintage, then lowest code): named in explanations. */
  boughtArticleByCuvee: Map<string, string>;
  /** The cuvées the customer spent most on (`candidates.favourites` of them). */
  favouriteCuvees: Set<string>;
  /** Bought articles in code-point order. */
  boughtArticles: string[];
}

export function toPurchaseHistory(purchases: readonly PurchaseFacts[], catalogue: CatalogueIndex, config: ScoringConfig): PurchaseHistory {
  const lastByArticle = new Map<string, string>();
  const lastByCuvee = new Map<string, string>();
  const newestVintageByCuvee = new Map<string, number>();
  const boughtArticleByCuvee = new Map<string, string>();
  const spendByCuvee = new Map<string, number>();
  const sorted = [...purchases].sort((a, b) => (a.article < b.article ? -1 : a.article > b.article ? 1 : 0));
  for (const purchase of sorted) {
    const item = catalogue.byArticle.get(purchase.article);
    const cuvee = item?.cuvee ?? cuveeKey(null, null, purchase.article);
    spendByCuvee.set(cuvee, (spendByCuvee.get(cuvee) ?? 0) + Math.round(Number(purchase.spendHt) * 100));
    if (purchase.lastPurchase === null) continue;
    lastByArticle.set(purchase.article, purchase.lastPurchase);
    const lastOfCuvee = lastByCuvee.get(cuvee);
    if (lastOfCuvee === undefined || purchase.lastPurchase > lastOfCuvee) lastByCuvee.set(cuvee, purchase.lastPurchase);
    const vintage = item?.vintage ?? null;
    const newest = newestVintageByCuvee.get(cuvee);
    if (vintage !== null && (newest === undefined || vintage > newest)) {
      newestVintageByCuvee.set(cuvee, vintage);
      boughtArticleByCuvee.set(cuvee, purchase.article);
    } else if (!boughtArticleByCuvee.has(cuvee)) boughtArticleByCuvee.set(cuvee, purchase.article);
  }
  const favouriteCuvees = new Set(
    [...spendByCuvee.entries()]
      .filter(([cuvee, cents]) => cents > 0 && lastByCuvee.has(cuvee))
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, config.candidates.favourites)
      .map(([cuvee]) => cuvee),
  );
  return {
    lastByArticle,
    lastByCuvee,
    newestVintageByCuvee,
    boughtArticleByCuvee,
    favouriteCuvees,
    boughtArticles: [...lastByArticle.keys()],
  };
}
