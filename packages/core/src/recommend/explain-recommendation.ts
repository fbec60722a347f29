import { findBannedWords } from "../audit/objective-wording";
import { AROMA_AXES } from "../config/aromas";
import type { ScoringConfig } from "../config/scoring";
import type { CatalogueItem } from "./catalogue-item";
import type { ReasonCode } from "./reason-codes";
import { tasteKey } from "./taste-key";

type Wording = ScoringConfig["wording"];

export interface ExplanationFacts {
  item: CatalogueItem;
  reasons: readonly ReasonCode[];
  /** Label of the vintage the customer bought (NEWER_VINTAGE). */
  previousVintageLabel: string | null;
  /** Label of the bought article behind BOUGHT_TOGETHER. */
  boughtWithLabel: string | null;
}

export interface Explanation {
  fr: string;
  en: string;
}

interface Clause {
  fr: string;
  en: string;
}

/**
 * The reason that gives the closing clause, most specific first. A back-filled wine leads with POPULAR when
 * it has that code; BACKFILL_POPULAR itself gives no clause, as a back-filled wine is not always much bought.
 */
const CLAUSE_PRIORITY: readonly ReasonCode[] = [
  "NEWER_VINTAGE",
  "REBUY_FAVOURITE",
  "TIER_UP",
  "BOUGHT_TOGETHER",
  "AROMA_MATCH",
  "SAME_GRAPE",
  "SWEETNESS_MATCH",
  "SAME_FAMILY",
  "IN_BUDGET",
  "POPULAR",
];

/** Clauses for a reason, preferred first: the ones naming a product come with a neutral fallback. */
function clausesFor(reason: ReasonCode, facts: ExplanationFacts): Clause[] {
  switch (reason) {
    case "POPULAR":
      return [{ fr: "l'un des vins les plus achetés du domaine", en: "one of the estate's most purchased wines" }];
    case "BACKFILL_POPULAR":
      return [];
    case "NEWER_VINTAGE":
      return [
        ...(facts.previousVintageLabel
          ? [
              {
                fr: `millésime plus récent que ${facts.previousVintageLabel}, que vous avez apprécié`,
                en: `a more recent vintage than ${facts.previousVintageLabel}, which you bought before`,
              },
            ]
          : []),
        { fr: "millésime plus récent d'un vin que vous avez apprécié", en: "a more recent vintage of a wine you bought before" },
      ];
    case "REBUY_FAVOURITE":
      return [{ fr: "vous avez apprécié ce vin", en: "you have bought this wine before" }];
    case "TIER_UP":
      return [{ fr: "un niveau de gamme au-dessus de vos achats habituels", en: "a higher range level than your usual purchases" }];
    case "BOUGHT_TOGETHER":
      return [
        ...(facts.boughtWithLabel
          ? [
              {
                fr: `souvent acheté par les clients qui ont choisi ${facts.boughtWithLabel}, que vous avez apprécié`,
                en: `often bought by customers who also chose ${facts.boughtWithLabel}, which you bought`,
              },
            ]
          : []),
        { fr: "souvent acheté avec des vins que vous avez appréciés", en: "often bought together with wines you bought" },
      ];
    case "AROMA_MATCH":
      return [{ fr: "un profil aromatique proche de vos achats", en: "an aroma profile close to your purchases" }];
    case "SAME_GRAPE":
      return [{ fr: "un cépage que vous avez déjà choisi", en: "a grape you have chosen before" }];
    case "SWEETNESS_MATCH":
      return [{ fr: "une sucrosité proche de vos achats", en: "a sweetness close to your purchases" }];
    case "SAME_FAMILY":
      return [{ fr: "une famille de vins que vous avez déjà choisie", en: "a wine family you have chosen before" }];
    case "IN_BUDGET":
      return [{ fr: "dans votre gamme de prix habituelle", en: "within your usual price range" }];
  }
}

function lookup(labels: Wording["colours"], value: string | null): { fr: string; en: string } | null {
  if (value === null) return null;
  const key = tasteKey(value);
  for (const [name, label] of Object.entries(labels)) if (tasteKey(name) === key) return label;
  return null;
}

function joinList(items: readonly string[], and: string): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} ${and} ${items[items.length - 1]}`;
}

/** The item's most marked axes (≥ min_aroma_descriptor), two at most, highest first, ties in axis order. */
function aromaDescriptors(item: CatalogueItem, wording: Wording): { fr: string; en: string }[] {
  if (item.aroma === null) return [];
  const aroma = item.aroma;
  return AROMA_AXES.map((axis, index) => ({ axis, index, value: aroma[index] ?? 0 }))
    .filter((entry) => entry.value >= wording.min_aroma_descriptor)
    .sort((a, b) => b.value - a.value || a.index - b.index)
    .slice(0, 2)
    .map((entry) => wording.aroma_descriptors[entry.axis]);
}

/** Fragments repeat across customers (same wines): the lexicon check is memoised per wording config. */
const cleanTexts = new WeakMap<Wording, Map<string, boolean>>();
const MAX_MEMOISED_TEXTS = 50_000;

function isClean(text: string, wording: Wording): boolean {
  let memo = cleanTexts.get(wording);
  if (!memo || memo.size > MAX_MEMOISED_TEXTS) {
    memo = new Map();
    cleanTexts.set(wording, memo);
  }
  let clean = memo.get(text);
  if (clean === undefined) {
    clean = findBannedWords(text, [...wording.banned_words.fr, ...wording.banned_words.en]).length === 0;
    memo.set(text, clean);
  }
  return clean;
}

const capitalise = (text: string) => (text === "" ? text : text[0]!.toUpperCase() + text.slice(1));

/**
 * One deterministic sentence per language from objective facts only (Loi Évin): colour, sweetness, vintage,
 * appellation, grapes, aroma descriptors, and one purchase fact. Any fragment that contains a banned word
 * (a product or appellation name, a configured label) is left out rather than printed.
 */
export function explainRecommendation(facts: ExplanationFacts, wording: Wording): Explanation {
  const clean = (fragment: Clause) => isClean(fragment.fr, wording) && isClean(fragment.en, wording);
  const description = describeItem(facts.item, wording);
  const priority = facts.reasons.includes("BACKFILL_POPULAR") ? ["POPULAR" as const, ...CLAUSE_PRIORITY] : CLAUSE_PRIORITY;
  const reason = priority.find((code) => facts.reasons.includes(code));
  const clause = reason === undefined ? undefined : clausesFor(reason, facts).find(clean);
  const fr = description.fr + (clause ? ` ; ${clause.fr}` : "");
  const en = description.en + (clause ? `; ${clause.en}` : "");
  return { fr: `${fr}.`, en: `${en}.` };
}

/** The wine's own facts do not depend on the customer: described once per catalogue item and wording. */
const descriptions = new WeakMap<Wording, WeakMap<CatalogueItem, Clause>>();

function describeItem(item: CatalogueItem, wording: Wording): Clause {
  let byItem = descriptions.get(wording);
  if (!byItem) {
    byItem = new WeakMap();
    descriptions.set(wording, byItem);
  }
  let description = byItem.get(item);
  if (!description) {
    description = describeItemFacts(item, wording);
    byItem.set(item, description);
  }
  return description;
}

/** Colour and sweetness, vintage, appellation, grapes and aroma descriptors; fragments with a banned word are left out. */
function describeItemFacts(item: CatalogueItem, wording: Wording): Clause {
  const clean = (fragment: Clause) => isClean(fragment.fr, wording) && isClean(fragment.en, wording);
  const colour = lookup(wording.colours, item.colour);
  const sweetness = lookup(wording.sweetness, item.sweetness);
  const fragments: Clause[] = [];
  const noun = {
    fr: ["vin", colour?.fr, sweetness?.fr].filter(Boolean).join(" "),
    en: [sweetness?.en, colour?.en, "wine"].filter(Boolean).join(" "),
  };
  fragments.push(clean(noun) ? noun : { fr: "vin", en: "wine" });
  if (item.vintage !== null) fragments.push({ fr: `millésime ${String(item.vintage)}`, en: `vintage ${String(item.vintage)}` });
  if (item.appellation) fragments.push({ fr: `appellation ${item.appellation}`, en: `${item.appellation} appellation` });
  if (item.grapes.length > 0)
    fragments.push({
      fr: `${item.grapes.length > 1 ? "cépages" : "cépage"} ${joinList(item.grapes, "et")}`,
      en: `${item.grapes.length > 1 ? "grapes" : "grape"}: ${joinList(item.grapes, "and")}`,
    });
  const descriptors = aromaDescriptors(item, wording);
  if (descriptors.length > 0)
    fragments.push({
      fr: `profil ${joinList(
        descriptors.map((d) => d.fr),
        "et",
      )}`,
      en: `${joinList(
        descriptors.map((d) => d.en),
        "and",
      )} profile`,
    });
  const kept = fragments.filter((fragment, index) => index === 0 || clean(fragment));
  return { fr: capitalise(kept.map((fragment) => fragment.fr).join(", ")), en: capitalise(kept.map((fragment) => fragment.en).join(", ")) };
}
