/** The lists compared by the offline evaluation: ours and the two baselines. */
export const EVALUATION_METHODS = ["recommender", "popularity", "same_family"] as const;
export type EvaluationMethod = (typeof EVALUATION_METHODS)[number];

/** One wine of a list, with what the metrics compare. */
export interface ListedWine {
  article: string;
  cuvee: string;
  /** `tasteKey` of the family; null when unknown (counts as one more family). */
  familyKey: string | null;
}

/** One customer: their scenario at the cut-off, each method's list, and what they bought after the cut-off. */
export interface EvaluationCase {
  clientCode: string;
  scenario: string;
  lists: Record<EvaluationMethod, readonly ListedWine[]>;
  /** Articles bought in the hidden window (non-credit lines after the cut-off). */
  hiddenArticles: ReadonlySet<string>;
  /** Cuvée keys of those articles: a later vintage of a recommended cuvée counts at this level. */
  hiddenCuvees: ReadonlySet<string>;
}

export interface MethodMetrics {
  /** Customers with a non-empty list (coverage and diversity are measured on these lists). */
  served: number;
  /** Customers with ≥ 1 purchase in the hidden window and a recommendation of ours: hit rate and precision. */
  evaluated: number;
  /** Share of evaluated customers who bought ≥ 1 listed article (strict, article level). */
  hitRate: number;
  /** Same, when buying any vintage of a listed cuvée counts. */
  cuveeHitRate: number;
  /** Mean over evaluated customers of (listed articles bought) / k. */
  precision: number;
  /** Mean over evaluated customers of (listed wines whose cuvée was bought) / k. */
  cuveePrecision: number;
  /** Distinct articles over all served lists / recommendable articles at the cut-off. */
  coverage: number;
  /** Mean number of distinct families per served list. */
  diversity: number;
  /** Mean list length over served lists. */
  listLength: number;
}

export interface EvaluationSummary {
  k: number;
  /** Recommendable articles at the cut-off (the coverage denominator). */
  catalogueSize: number;
  overall: Record<EvaluationMethod, MethodMetrics>;
  /** Per scenario at the cut-off, scenarios in first-seen order of `scenarioOrder`, then code-point order. */
  byScenario: { scenario: string; metrics: Record<EvaluationMethod, MethodMetrics> }[];
}

/** An evaluated case: the customer bought something after the cut-off and our recommender proposed something. */
export function isEvaluated(evaluationCase: EvaluationCase): boolean {
  return evaluationCase.hiddenArticles.size > 0 && evaluationCase.lists.recommender.length > 0;
}

const mean = (values: readonly number[]) => (values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length);

/** Metrics of one method over a set of cases (k = the list size the precision divides by). */
export function methodMetrics(cases: readonly EvaluationCase[], method: EvaluationMethod, k: number, catalogueSize: number): MethodMetrics {
  const servedLists = cases.map((entry) => entry.lists[method].slice(0, k)).filter((list) => list.length > 0);
  const evaluated = cases.filter(isEvaluated);
  const articleHits = evaluated.map(
    (entry) => entry.lists[method].slice(0, k).filter((wine) => entry.hiddenArticles.has(wine.article)).length,
  );
  const cuveeHits = evaluated.map((entry) => entry.lists[method].slice(0, k).filter((wine) => entry.hiddenCuvees.has(wine.cuvee)).length);
  const distinctArticles = new Set(servedLists.flatMap((list) => list.map((wine) => wine.article)));
  return {
    served: servedLists.length,
    evaluated: evaluated.length,
    hitRate: mean(articleHits.map((hits) => (hits > 0 ? 1 : 0))),
    cuveeHitRate: mean(cuveeHits.map((hits) => (hits > 0 ? 1 : 0))),
    precision: mean(articleHits.map((hits) => hits / k)),
    cuveePrecision: mean(cuveeHits.map((hits) => hits / k)),
    coverage: catalogueSize === 0 ? 0 : distinctArticles.size / catalogueSize,
    diversity: mean(servedLists.map((list) => new Set(list.map((wine) => wine.familyKey)).size)),
    listLength: mean(servedLists.map((list) => list.length)),
  };
}

function metricsByMethod(cases: readonly EvaluationCase[], k: number, catalogueSize: number): Record<EvaluationMethod, MethodMetrics> {
  return Object.fromEntries(EVALUATION_METHODS.map((method) => [method, methodMetrics(cases, method, k, catalogueSize)])) as Record<
    EvaluationMethod,
    MethodMetrics
  >;
}

/** Overall and per-scenario metrics of every method; `scenarioOrder` lists known scenarios first (others follow in code-point order). */
export function summariseEvaluation(
  cases: readonly EvaluationCase[],
  options: { k: number; catalogueSize: number; scenarioOrder?: readonly string[] },
): EvaluationSummary {
  const order = options.scenarioOrder ?? [];
  const scenarios = [...new Set(cases.map((entry) => entry.scenario))].sort((a, b) => {
    const [ia, ib] = [order.indexOf(a), order.indexOf(b)];
    if (ia !== ib) return (ia < 0 ? Number.MAX_SAFE_INTEGER : ia) - (ib < 0 ? Number.MAX_SAFE_INTEGER : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return {
    k: options.k,
    catalogueSize: options.catalogueSize,
    overall: metricsByMethod(cases, options.k, options.catalogueSize),
    byScenario: scenarios.map((scenario) => ({
      scenario,
      metrics: metricsByMethod(
        cases.filter((entry) => entry.scenario === scenario),
        options.k,
        options.catalogueSize,
      ),
    })),
  };
}
