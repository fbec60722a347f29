import { AROMA_AXES, type AromaAxis } from "../config/aromas";
import type { ScoringConfig } from "../config/scoring";
import { splitGrapes } from "../features/share-map";
import { cuveeKey } from "./cuvee-key";
import { sweetnessLevel } from "./sweetness-level";
import { tasteKey } from "./taste-key";

/** One product as the recommend stage loads it: canonical columns, summed stock, the run's popularity. */
export interface ProductFacts {
  article: string;
  produit: string | null;
  cuvee: string | null;
  millesime: number | null;
  famille: string | null;
  couleur: string | null;
  sucrosite: string | null;
  cepages: string | null;
  appellation: string | null;
  /** Decimal text (numeric columns). */
  bottleFactor: string;
  prixTtc: string | null;
  prixHt: string | null;
  premiumTier: number | null;
  actif: boolean;
  isStub: boolean;
  /** Summed over warehouses, decimal text; "0" without a stock row. */
  stock: string;
  /** Distinct buyers over the popularity window, relative to the most bought article, in [0, 1]. */
  popularity: number;
  /** `arome_<axis>` values; an axis is null when unknown. */
  aromas: Record<AromaAxis, number | null>;
}

/** A product ready for filtering, scoring and explaining. */
export interface CatalogueItem {
  article: string;
  /** The product label (the article code when unknown). */
  label: string;
  /** Cuvée key: vintages of one wine share it. */
  cuvee: string;
  vintage: number | null;
  /** Raw family (famille, else colour), and its `tasteKey` for comparisons. */
  family: string | null;
  familyKey: string | null;
  colour: string | null;
  sweetness: string | null;
  /** Level on `terms.sweetness_levels`, null when unknown. */
  sweetnessLevel: number | null;
  grapes: string[];
  /** `grapes` in `tasteKey` form. */
  grapeKeys: string[];
  appellation: string | null;
  priceTtc: number | null;
  /** HT price per 75 cl bottle-equivalent (derived from TTC with the configured VAT when HT is blank). */
  priceHtPerBottle: number | null;
  tier: number | null;
  active: boolean;
  isStub: boolean;
  stock: number;
  popularity: number;
  /** The seven axes in AROMA_AXES order, or null unless all are known. */
  aroma: number[] | null;
}

export function toCatalogueItem(product: ProductFacts, config: ScoringConfig): CatalogueItem {
  const priceTtc = product.prixTtc === null ? null : Number(product.prixTtc);
  const bottleFactor = Number(product.bottleFactor) > 0 ? Number(product.bottleFactor) : 1;
  const priceHt =
    product.prixHt !== null && Number(product.prixHt) > 0
      ? Number(product.prixHt)
      : priceTtc !== null && priceTtc > 0
        ? priceTtc / (1 + config.terms.vat_rate)
        : null;
  const family = product.famille ?? product.couleur;
  const grapes = splitGrapes(product.cepages);
  const axes = AROMA_AXES.map((axis) => product.aromas[axis]);
  return {
    article: product.article,
    label: product.produit ?? product.article,
    cuvee: cuveeKey(product.cuvee, product.produit, product.article),
    vintage: product.millesime,
    family,
    familyKey: family === null ? null : tasteKey(family),
    colour: product.couleur,
    sweetness: product.sucrosite,
    sweetnessLevel: sweetnessLevel(product.sucrosite, config),
    grapes,
    grapeKeys: grapes.map(tasteKey),
    appellation: product.appellation,
    priceTtc,
    priceHtPerBottle: priceHt === null ? null : priceHt / bottleFactor,
    tier: product.premiumTier,
    active: product.actif,
    isStub: product.isStub,
    stock: Number(product.stock),
    popularity: product.popularity,
    aroma: axes.every((value): value is number => value !== null) ? axes : null,
  };
}

/** The hard product filters (DOMAIN §4): active, in stock, priced, not a stub. */
export function isRecommendable(item: CatalogueItem): boolean {
  return item.active && !item.isStub && item.stock > 0 && item.priceTtc !== null && item.priceTtc > 0;
}
