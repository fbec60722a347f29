/** Hand-made products, customers and the shipped scoring config, for the recommend tests only. */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { type ScoringConfig, scoringConfigSchema } from "../config/scoring";
import { type AffinityFacts, buildCatalogueIndex, type CatalogueIndex } from "./catalogue-index";
import type { ProductFacts } from "./catalogue-item";
import { type CustomerFacts, type CustomerTaste, toCustomerTaste } from "./customer-taste";
import { type PurchaseFacts, type PurchaseHistory, toPurchaseHistory } from "./purchase-history";

export function shippedScoringConfig(): ScoringConfig {
  return scoringConfigSchema.parse(parse(readFileSync(new URL("../../../../config/scoring.yaml", import.meta.url), "utf8")));
}

const NO_AROMAS = { fruit: null, floral: null, epice: null, mineral: null, acidite: null, corps: null, tanin: null };

export function aromas(values: [number, number, number, number, number, number, number]): ProductFacts["aromas"] {
  const [fruit, floral, epice, mineral, acidite, corps, tanin] = values;
  return { fruit, floral, epice, mineral, acidite, corps, tanin };
}

/** A red Pinot Noir from Bourgogne, tier 1, 24 € TTC / 20 € HT, in stock, active, popularity 0.5. */
export function product(overrides: Partial<ProductFacts> & { article: string }): ProductFacts {
  return {
    produit: `Vin ${overrides.article}`,
    cuvee: null,
    millesime: 2020,
    famille: "Rouge",
    couleur: "rouge",
    sucrosite: "sec",
    cepages: "Pinot Noir",
    appellation: "Bourgogne",
    bottleFactor: "1",
    prixTtc: "24.00",
    prixHt: "20.00",
    premiumTier: 1,
    actif: true,
    isStub: false,
    stock: "12",
    popularity: 0.5,
    aromas: NO_AROMAS,
    ...overrides,
  };
}

/** A red-wine customer: 80 % Rouge / 20 % Blanc, dry, Pinot Noir, 20 € HT per bottle, tier 1. */
export function customer(overrides: Partial<CustomerFacts> & { clientCode: string; scenario: string }): CustomerFacts {
  return {
    dominantFamily: "Rouge",
    familyShares: { Rouge: 0.8, Blanc: 0.2 },
    sweetnessShares: { sec: 1 },
    grapeShares: { "Pinot Noir": 1 },
    priceBandHt: "20.00",
    usualTier: 1,
    aroma: null,
    aromaConfidence: null,
    ...overrides,
  };
}

export interface Prepared {
  config: ScoringConfig;
  catalogue: CatalogueIndex;
  taste: CustomerTaste;
  history: PurchaseHistory;
}

export function prepare(
  products: readonly ProductFacts[],
  facts: CustomerFacts,
  purchases: readonly Omit<PurchaseFacts, "clientCode">[] = [],
  affinity: readonly AffinityFacts[] = [],
  config: ScoringConfig = shippedScoringConfig(),
): Prepared {
  const catalogue = buildCatalogueIndex(products, affinity, config);
  const taste = toCustomerTaste(facts);
  if (taste === null) throw new Error("a recommended scenario is expected");
  const history = toPurchaseHistory(
    purchases.map((purchase) => ({ clientCode: facts.clientCode, ...purchase })),
    catalogue,
    config,
  );
  return { config, catalogue, taste, history };
}
