import { daysBetween } from "../calendar/iso-dates";
import type { ScoringConfig } from "../config/scoring";
import type { CatalogueIndex } from "./catalogue-index";
import type { CatalogueItem } from "./catalogue-item";
import type { CustomerTaste } from "./customer-taste";
import { explainRecommendation } from "./explain-recommendation";
import type { PurchaseHistory } from "./purchase-history";
import { type DiversityLimits, DiversityTracker, rerankForDiversity } from "./rerank-for-diversity";
import { scenarioAdmission, scenarioPool } from "./scenario-candidates";
import { candidateReasons, type ScoredCandidate, scoreCandidates } from "./score-candidates";
import { scoringContextFor } from "./score-terms";

/** One row of `recommendations` (numbers as the stored text). */
export interface RecommendationRow {
  clientCode: string;
  rank: number;
  article: string;
  /** 6-decimal text. */
  score: string;
  selected: boolean;
  isBackfill: boolean;
  reasonCodes: string;
  explanationFr: string;
  explanationEn: string;
}

/** The customer-level hard filter: an article bought `recent_purchase_days` or fewer days before the as-of date is out. */
export function boughtRecently(item: CatalogueItem, history: PurchaseHistory, asOf: string, config: ScoringConfig): boolean {
  const last = history.lastByArticle.get(item.article);
  return last !== undefined && daysBetween(last, asOf) <= config.filters.recent_purchase_days;
}

/**
 * DOMAIN §4 for one customer: hard filters, scenario candidates, score, diversity re-ranking, back-fill up to
 * `selection.minimum` with popular available wines, then up to `selection.alternates` next-ranked alternates
 * (never a second vintage of a cuvée already listed). Ranks are 1…n: selected first, alternates after.
 */
export function recommendCustomer(
  taste: CustomerTaste,
  history: PurchaseHistory,
  catalogue: CatalogueIndex,
  asOf: string,
  config: ScoringConfig,
): RecommendationRow[] {
  const context = scoringContextFor(taste, history, catalogue, asOf, config);
  const admitted: { item: CatalogueItem; admission: ReturnType<typeof scenarioAdmission> }[] = [];
  for (const item of scenarioPool(context, catalogue)) {
    if (boughtRecently(item, history, asOf, config)) continue;
    const admission = scenarioAdmission(item, context, catalogue, config);
    if (admission.length > 0) admitted.push({ item, admission });
  }
  const admittedArticles = new Set(admitted.map(({ item }) => item.article));
  const limits: DiversityLimits = {
    count: config.selection.count,
    maxPerCuvee: config.diversity.max_per_cuvee,
    maxPerFamily: config.diversity.max_per_family,
  };
  const ranked = scoreCandidates(admitted, context, config);
  const first = rerankForDiversity(ranked, limits);
  const selected: ScoredCandidate[] = [...first.selected];
  // Back-fill and late alternates walk the other eligible wines in popularity order (`catalogue.available`'s
  // order), checking and scoring only the ones they reach: a customer costs O(pool), not O(catalogue).
  let poolPosition = 0;
  const nextFromPool = (): ScoredCandidate | undefined => {
    while (poolPosition < catalogue.available.length) {
      const item = catalogue.available[poolPosition++]!;
      if (admittedArticles.has(item.article) || boughtRecently(item, history, asOf, config)) continue;
      return scoreCandidates([{ item, admission: [] }], context, config, { isBackfill: true })[0];
    }
    return undefined;
  };
  const passed: ScoredCandidate[] = [];
  if (selected.length < config.selection.minimum) {
    const tracker = new DiversityTracker(limits, selected);
    for (let candidate = nextFromPool(); candidate; candidate = nextFromPool()) {
      if (tracker.fits(candidate)) {
        selected.push(candidate);
        tracker.take(candidate);
        if (selected.length >= config.selection.minimum) break;
      } else passed.push(candidate);
    }
  }
  const alternates: ScoredCandidate[] = [];
  const listedCuvees = new Set(selected.map((candidate) => candidate.item.cuvee));
  const consider = (candidate: ScoredCandidate) => {
    if (alternates.length >= config.selection.alternates || listedCuvees.has(candidate.item.cuvee)) return;
    alternates.push(candidate);
    listedCuvees.add(candidate.item.cuvee);
  };
  for (const candidate of [...first.rest, ...passed]) consider(candidate);
  while (alternates.length < config.selection.alternates) {
    const candidate = nextFromPool();
    if (!candidate) break;
    consider(candidate);
  }
  const labelOf = (article: string | undefined | null) => (article ? (catalogue.byArticle.get(article)?.label ?? null) : null);
  return [...selected, ...alternates].map((candidate, index) => {
    const { reasons, boughtWith } = candidateReasons(candidate, context, config);
    const explanation = explainRecommendation(
      {
        item: candidate.item,
        reasons,
        previousVintageLabel: labelOf(history.boughtArticleByCuvee.get(candidate.item.cuvee)),
        boughtWithLabel: labelOf(boughtWith),
      },
      config.wording,
    );
    return {
      clientCode: taste.clientCode,
      rank: index + 1,
      article: candidate.item.article,
      score: candidate.score.toFixed(6),
      selected: index < selected.length,
      isBackfill: candidate.isBackfill,
      reasonCodes: reasons.join("|"),
      explanationFr: explanation.fr,
      explanationEn: explanation.en,
    };
  });
}
