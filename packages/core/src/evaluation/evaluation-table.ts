import { EVALUATION_METHODS, type EvaluationMethod, type EvaluationSummary, type MethodMetrics } from "./ranking-metrics";

const METHOD_LABELS: Record<EvaluationMethod, string> = {
  recommender: "recommender",
  popularity: "popularity",
  same_family: "same family",
};

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

const COLUMNS: { title: string; width: number; value: (metrics: MethodMetrics) => string }[] = [
  { title: "customers", width: 9, value: (m) => String(m.evaluated) },
  { title: "hit@k", width: 8, value: (m) => percent(m.hitRate) },
  { title: "hit@k cuvée", width: 11, value: (m) => percent(m.cuveeHitRate) },
  { title: "prec@k", width: 8, value: (m) => percent(m.precision) },
  { title: "prec@k cuvée", width: 12, value: (m) => percent(m.cuveePrecision) },
  { title: "coverage", width: 8, value: (m) => percent(m.coverage) },
  { title: "families", width: 8, value: (m) => m.diversity.toFixed(2) },
];

/**
 * A plain-text table: one block of rows (one per method) overall, then per scenario. `customers` is the
 * number of evaluated customers (hit rate and precision); coverage and families/list are over served lists.
 */
export function formatEvaluationTable(summary: EvaluationSummary): string {
  const k = String(summary.k);
  const head = ["segment".padEnd(12), "method".padEnd(12), ...COLUMNS.map((c) => c.title.replaceAll("k", k).padStart(c.width))];
  const lines = [head.join("  "), "-".repeat(head.join("  ").length)];
  const block = (segment: string, metrics: Record<EvaluationMethod, MethodMetrics>) => {
    for (const method of EVALUATION_METHODS)
      lines.push(
        [
          (method === "recommender" ? segment : "").padEnd(12),
          METHOD_LABELS[method].padEnd(12),
          ...COLUMNS.map((c) => c.value(metrics[method]).padStart(c.width)),
        ].join("  "),
      );
  };
  block("ALL", summary.overall);
  for (const { scenario, metrics } of summary.byScenario) block(scenario, metrics);
  return lines.join("\n");
}
