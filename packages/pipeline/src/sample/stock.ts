/** Bottles on hand at the end of the history: the cellar (`Chai`) and, for some articles, the shop (`Boutique`). */
import type { Product } from "./catalog";
import type { Random } from "./random";

export interface StockRow {
  article: string;
  warehouse: string;
  quantity: number;
}

export interface StockLevels {
  rows: StockRow[];
  outOfStockActiveArticles: number;
}

const OUT_OF_STOCK_SHARE = 0.1;

export function buildStock(random: Random, products: readonly Product[]): StockLevels {
  const active = products.filter((product) => product.active);
  const soldOut = new Set(random.sample(active, Math.round(active.length * OUT_OF_STOCK_SHARE)));
  const rows: StockRow[] = [];
  for (const product of active) {
    const empty = soldOut.has(product);
    const cellar = empty ? 0 : Math.round(40 + product.popularity * random.int(400, 2400) + random.int(0, 120));
    rows.push({ article: product.article, warehouse: "Chai", quantity: cellar });
    if (random.chance(0.5)) rows.push({ article: product.article, warehouse: "Boutique", quantity: empty ? 0 : random.int(6, 96) });
  }
  return { rows, outOfStockActiveArticles: soldOut.size };
}
