/** The winery's articles: cuvées in a few vintages and formats, with the dates each one could be sold. */
import { type Day, dayFromParts, type HistoryWindow, yearOfDay } from "./calendar";
import type { Random } from "./random";

export const FAMILIES = ["Rouge", "Blanc", "Rosé", "Effervescent", "Liquoreux"] as const;
export type Family = (typeof FAMILIES)[number];
export type Colour = "rouge" | "blanc" | "rosé";
export type Sweetness = "sec" | "demi-sec" | "moelleux" | "liquoreux" | "brut";
export type BottleFormat = "bouteille" | "magnum" | "demi" | "carton6";

/** fruit, floral, épicé, minéral, acidité, corps, tanin — each 1 to 5. */
export type AromaAxes = readonly [number, number, number, number, number, number, number];

interface CuveeSpec {
  code: string;
  name: string;
  family: Family;
  colour: Colour;
  sweetness: Sweetness;
  grapes: string;
  appellation: string;
  priceTtc: number;
  /** 0 entry … 3 prestige. */
  tier: number;
  aromas: AromaAxes;
}

// biome-ignore format: one cuvée per line reads as a table
const CUVEES: readonly CuveeSpec[] = [
  { code: "LAV", name: "Clos des Lavières", family: "Rouge", colour: "rouge", sweetness: "sec", grapes: "Pinot Noir", appellation: "Bourgogne", priceTtc: 38, tier: 2, aromas: [4, 3, 3, 3, 4, 3, 3] },
  { code: "GT", name: "Les Grandes Terres", family: "Rouge", colour: "rouge", sweetness: "sec", grapes: "Syrah, Grenache", appellation: "Côtes du Rhône", priceTtc: 12.5, tier: 1, aromas: [4, 2, 3, 2, 3, 4, 3] },
  { code: "CRA", name: "Domaine des Crais", family: "Rouge", colour: "rouge", sweetness: "sec", grapes: "Pinot Noir", appellation: "Bourgogne Hautes-Côtes de Beaune", priceTtc: 19.9, tier: 1, aromas: [4, 3, 2, 3, 4, 3, 2] },
  { code: "VV", name: "Vieilles Vignes", family: "Rouge", colour: "rouge", sweetness: "sec", grapes: "Grenache, Syrah, Mourvèdre", appellation: "Côtes du Rhône Villages", priceTtc: 16.5, tier: 1, aromas: [4, 2, 4, 2, 3, 4, 4] },
  { code: "BCX", name: "Château Belle-Croix", family: "Rouge", colour: "rouge", sweetness: "sec", grapes: "Merlot, Cabernet Sauvignon", appellation: "Bordeaux Supérieur", priceTtc: 14.9, tier: 1, aromas: [3, 2, 3, 2, 3, 4, 4] },
  { code: "PTR", name: "Le Petit Rouge", family: "Rouge", colour: "rouge", sweetness: "sec", grapes: "Gamay", appellation: "Beaujolais-Villages", priceTtc: 8.9, tier: 0, aromas: [5, 3, 1, 2, 3, 2, 2] },
  { code: "MUR", name: "Les Murgers", family: "Rouge", colour: "rouge", sweetness: "sec", grapes: "Pinot Noir", appellation: "Nuits-Saint-Georges", priceTtc: 54, tier: 3, aromas: [4, 3, 3, 3, 3, 4, 4] },
  { code: "TDS", name: "Terrasses du Sud", family: "Rouge", colour: "rouge", sweetness: "sec", grapes: "Syrah", appellation: "Crozes-Hermitage", priceTtc: 24, tier: 1, aromas: [4, 2, 4, 2, 3, 4, 3] },
  { code: "GAL", name: "Les Galets Roulés", family: "Rouge", colour: "rouge", sweetness: "sec", grapes: "Grenache, Syrah, Mourvèdre", appellation: "Châteauneuf-du-Pape", priceTtc: 42, tier: 2, aromas: [4, 2, 5, 2, 2, 5, 4] },
  { code: "CFO", name: "Clos Fontaine", family: "Rouge", colour: "rouge", sweetness: "sec", grapes: "Merlot, Cabernet Franc", appellation: "Saint-Émilion Grand Cru", priceTtc: 36, tier: 2, aromas: [4, 2, 3, 2, 3, 4, 4] },
  { code: "CHM", name: "Les Chaumes", family: "Blanc", colour: "blanc", sweetness: "sec", grapes: "Chardonnay", appellation: "Bourgogne", priceTtc: 17, tier: 1, aromas: [3, 3, 1, 4, 4, 3, 1] },
  { code: "MOU", name: "Clos du Moulin", family: "Blanc", colour: "blanc", sweetness: "sec", grapes: "Chardonnay", appellation: "Meursault", priceTtc: 58, tier: 3, aromas: [3, 3, 2, 4, 3, 4, 1] },
  { code: "SRC", name: "La Source", family: "Blanc", colour: "blanc", sweetness: "sec", grapes: "Chardonnay", appellation: "Mâcon-Villages", priceTtc: 11.5, tier: 0, aromas: [4, 3, 1, 3, 3, 2, 1] },
  { code: "PBL", name: "Les Pierres Blanches", family: "Blanc", colour: "blanc", sweetness: "sec", grapes: "Chardonnay", appellation: "Chablis", priceTtc: 22, tier: 1, aromas: [3, 2, 1, 5, 5, 2, 1] },
  { code: "VIO", name: "Viognier des Coteaux", family: "Blanc", colour: "blanc", sweetness: "sec", grapes: "Viognier", appellation: "Côtes du Rhône", priceTtc: 15.5, tier: 1, aromas: [5, 4, 1, 2, 2, 3, 1] },
  { code: "PAU", name: "Perle d'Automne", family: "Blanc", colour: "blanc", sweetness: "demi-sec", grapes: "Chenin", appellation: "Vouvray", priceTtc: 14, tier: 1, aromas: [4, 4, 1, 3, 4, 2, 1] },
  { code: "RDV", name: "Rosé des Vignes", family: "Rosé", colour: "rosé", sweetness: "sec", grapes: "Grenache, Cinsault", appellation: "Côtes de Provence", priceTtc: 10.5, tier: 0, aromas: [4, 3, 1, 2, 3, 2, 1] },
  { code: "FLR", name: "Fleur de Rosé", family: "Rosé", colour: "rosé", sweetness: "sec", grapes: "Grenache, Syrah", appellation: "Tavel", priceTtc: 15, tier: 1, aromas: [4, 3, 2, 2, 3, 3, 2] },
  { code: "RLO", name: "Rosé de Loire", family: "Rosé", colour: "rosé", sweetness: "demi-sec", grapes: "Cabernet Franc", appellation: "Rosé de Loire", priceTtc: 9.5, tier: 0, aromas: [5, 3, 1, 2, 3, 2, 1] },
  { code: "CRT", name: "Crémant Tradition", family: "Effervescent", colour: "blanc", sweetness: "brut", grapes: "Chardonnay, Pinot Noir", appellation: "Crémant de Bourgogne", priceTtc: 13.9, tier: 1, aromas: [3, 3, 1, 4, 5, 2, 1] },
  { code: "CRR", name: "Crémant Rosé", family: "Effervescent", colour: "rosé", sweetness: "brut", grapes: "Pinot Noir", appellation: "Crémant de Bourgogne", priceTtc: 15.5, tier: 1, aromas: [4, 3, 1, 3, 4, 2, 1] },
  { code: "PRS", name: "Cuvée Prestige", family: "Effervescent", colour: "blanc", sweetness: "brut", grapes: "Chardonnay, Pinot Noir, Pinot Meunier", appellation: "Champagne", priceTtc: 65, tier: 3, aromas: [3, 4, 2, 5, 4, 3, 1] },
  { code: "RES", name: "Champagne Réserve", family: "Effervescent", colour: "blanc", sweetness: "brut", grapes: "Chardonnay, Pinot Noir, Pinot Meunier", appellation: "Champagne", priceTtc: 36, tier: 2, aromas: [3, 3, 1, 4, 5, 3, 1] },
  { code: "CBL", name: "Carte Blanche", family: "Effervescent", colour: "blanc", sweetness: "demi-sec", grapes: "Pinot Meunier, Chardonnay", appellation: "Champagne", priceTtc: 34, tier: 2, aromas: [4, 3, 1, 3, 3, 3, 1] },
  { code: "DOR", name: "Château Doré", family: "Liquoreux", colour: "blanc", sweetness: "liquoreux", grapes: "Sémillon, Sauvignon Blanc", appellation: "Sauternes", priceTtc: 42, tier: 2, aromas: [5, 4, 2, 2, 3, 5, 1] },
  { code: "DOU", name: "Les Douceurs", family: "Liquoreux", colour: "blanc", sweetness: "moelleux", grapes: "Chenin", appellation: "Coteaux du Layon", priceTtc: 18, tier: 1, aromas: [5, 4, 1, 2, 4, 3, 1] },
  { code: "VTA", name: "Vendanges Tardives", family: "Liquoreux", colour: "blanc", sweetness: "moelleux", grapes: "Gewurztraminer", appellation: "Alsace", priceTtc: 29, tier: 2, aromas: [5, 5, 3, 2, 2, 4, 1] },
];

/** Months between the harvest and the first sale of a vintage, per family. */
const RELEASE_DELAY: Record<Family, { years: number; month: number }> = {
  Rouge: { years: 2, month: 9 },
  Blanc: { years: 1, month: 3 },
  Rosé: { years: 1, month: 2 },
  Effervescent: { years: 3, month: 11 },
  Liquoreux: { years: 3, month: 10 },
};

const MAGNUM_CUVEES = ["LAV", "GT", "RES", "GAL"];
const HALF_BOTTLE_CUVEES = ["DOR", "VTA", "CRA"];
const CARTON_CUVEES = ["GT", "RDV"];

export interface Product {
  index: number;
  article: string;
  label: string;
  cuveeCode: string;
  cuveeName: string;
  family: Family;
  colour: Colour;
  sweetness: Sweetness;
  grapes: string;
  appellation: string;
  vintage: number;
  format: BottleFormat;
  contenanceCl: number;
  priceTtcCents: number;
  /** Blank in the export for a few products; the pipeline then derives it. */
  showsPriceHt: boolean;
  tier: number;
  /** Written as a digit or as a label, as the messy export mixes both. */
  tierText: string;
  active: boolean;
  availableFrom: Day;
  availableUntil: Day;
  /** Relative sales weight, heavily skewed: a few best sellers. */
  popularity: number;
  unitCostHtCents: number;
  aromas: AromaAxes | null;
}

const TIER_LABELS = ["0", "Standard", "Premium", "Prestige"];

function clampAroma(value: number): number {
  return Math.min(5, Math.max(1, Math.round(value)));
}

function releaseDay(family: Family, vintage: number): Day {
  const delay = RELEASE_DELAY[family];
  return dayFromParts(vintage + delay.years, delay.month, 1);
}

/**
 * Vintages of one cuvée, oldest first: the newest is on sale at least three months before the history ends and is
 * at least two harvests old (2024 at the latest for a history ending in 2026).
 */
function vintagesOf(random: Random, spec: CuveeSpec, end: Day): number[] {
  let latest = yearOfDay(end) - 2;
  while (releaseDay(spec.family, latest) > end - 90) latest--;
  if (random.chance(0.2)) latest--;
  const count = random.weightedChoice<number>([
    [1, 40],
    [2, 42],
    [3, 18],
  ]);
  const vintages = [latest];
  for (let i = 1; i < count; i++) {
    const previous = vintages[0] as number;
    vintages.unshift(previous - (random.chance(0.15) ? 2 : 1));
  }
  return vintages;
}

export function buildCatalog(random: Random, window: HistoryWindow): Product[] {
  const products: Omit<Product, "index" | "popularity" | "active" | "availableUntil">[] = [];
  const supersededBy = new Map<string, Day>();

  // A few best sellers: cuvée popularity follows a Zipf law over a shuffled ranking that favours everyday prices.
  const ranking = CUVEES.map((spec) => ({ code: spec.code, key: Math.log(spec.priceTtc) + random.normal(0, 0.7) })).sort(
    (x, y) => x.key - y.key,
  );
  const cuveePopularity = new Map(ranking.map((entry, rank) => [entry.code, 1 / (rank + 1) ** 1.15]));

  for (const spec of CUVEES) {
    const vintages = vintagesOf(random, spec, window.end);
    vintages.forEach((vintage, position) => {
      const yy = String(vintage % 100).padStart(2, "0");
      const next = vintages[position + 1];
      const article = `${spec.code}${yy}`;
      if (next !== undefined) supersededBy.set(article, releaseDay(spec.family, next));
      const vintageDrift = 1 + (vintage - (vintages[0] as number)) * 0.03;
      const aromas = spec.aromas.map((axis) => clampAroma(axis + (random.chance(0.3) ? random.pick([-1, 1]) : 0)));
      const base = {
        cuveeCode: spec.code,
        family: spec.family,
        colour: spec.colour,
        sweetness: spec.sweetness,
        grapes: spec.grapes,
        appellation: spec.appellation,
        vintage,
        tier: spec.tier,
        tierText: "",
        showsPriceHt: true,
        unitCostHtCents: 0,
        availableFrom: Math.max(window.start, releaseDay(spec.family, vintage)),
        aromas: aromas as unknown as AromaAxes,
      };
      const bottlePrice = spec.priceTtc * vintageDrift;
      products.push({
        ...base,
        article,
        label: `${spec.name} ${vintage}`,
        cuveeName: spec.name,
        format: "bouteille",
        contenanceCl: 75,
        priceTtcCents: retailCents(bottlePrice),
      });
      const isLatest = position === vintages.length - 1;
      if (isLatest && MAGNUM_CUVEES.includes(spec.code)) {
        products.push({
          ...base,
          article: `MAGNUM-${article}`,
          label: `${spec.name} Magnum ${vintage}`,
          cuveeName: `${spec.name} Magnum`,
          format: "magnum",
          contenanceCl: 150,
          priceTtcCents: retailCents(Math.min(120, bottlePrice * 2.15)),
        });
      }
      if (isLatest && HALF_BOTTLE_CUVEES.includes(spec.code)) {
        products.push({
          ...base,
          article: `DEMI-${article}`,
          label: `${spec.name} Demi-bouteille ${vintage}`,
          cuveeName: `${spec.name} Demi-bouteille`,
          format: "demi",
          contenanceCl: 37.5,
          priceTtcCents: retailCents(Math.max(8, bottlePrice * 0.58)),
        });
      }
      if (isLatest && CARTON_CUVEES.includes(spec.code)) {
        products.push({
          ...base,
          article: `CARTON6-${article}`,
          label: `Carton 6 ${spec.name} ${vintage}`,
          cuveeName: `Carton 6 ${spec.name}`,
          format: "carton6",
          contenanceCl: 450,
          priceTtcCents: retailCents(Math.min(120, bottlePrice * 6 * 0.9)),
        });
      }
    });
  }

  // About 10 % of the catalogue is inactive: the oldest superseded vintages, sold out some months after the next one.
  const inactiveCount = Math.round(products.length * 0.1);
  const inactive = new Map<string, Day>(
    [...supersededBy.entries()]
      .sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1))
      .slice(0, inactiveCount)
      .map(([article, nextRelease]) => {
        const soldOut = Math.min(window.end - 30, Math.max(window.start + 90, nextRelease + random.int(60, 300)));
        return [article, soldOut];
      }),
  );

  const complete = products
    .sort((x, y) => (x.article < y.article ? -1 : x.article > y.article ? 1 : 0))
    .map((product, index): Product => {
      const soldOut = inactive.get(product.article);
      const formatWeight = product.format === "bouteille" ? 1 : product.format === "carton6" ? 0.35 : 0.25;
      const supersededWeight = supersededBy.has(product.article) ? 0.6 : 1;
      return {
        ...product,
        index,
        active: soldOut === undefined,
        availableUntil: soldOut ?? window.end,
        popularity: (cuveePopularity.get(product.cuveeCode) ?? 0.05) * formatWeight * supersededWeight,
        tierText: random.chance(0.4) && product.tier > 0 ? (TIER_LABELS[product.tier] as string) : String(product.tier),
        showsPriceHt: !random.chance(0.05),
        unitCostHtCents: Math.round((product.priceTtcCents / 1.2) * random.float(0.38, 0.55)),
        aromas: random.chance(0.85) ? product.aromas : null,
      };
    });
  return complete;
}

/** Shop prices end in ,50 or ,90 below 30 €, in whole euros above. */
function retailCents(price: number): number {
  if (price >= 30) return Math.round(price) * 100;
  const euros = Math.floor(price);
  return euros * 100 + (price - euros < 0.5 ? 50 : 90);
}
