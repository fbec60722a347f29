import { describe, expect, it } from "vitest";
import { formatEvaluationTable } from "./evaluation-table";
import { type EvaluationCase, type ListedWine, methodMetrics, summariseEvaluation } from "./ranking-metrics";

const wine = (article: string, cuvee = article, familyKey: string | null = "rouge"): ListedWine => ({ article, cuvee, familyKey });

function evaluationCase(
  clientCode: string,
  scenario: string,
  recommender: ListedWine[],
  hidden: ListedWine[],
  baselines: { popularity?: ListedWine[]; same_family?: ListedWine[] } = {},
): EvaluationCase {
  return {
    clientCode,
    scenario,
    lists: { recommender, popularity: baselines.popularity ?? [], same_family: baselines.same_family ?? [] },
    hiddenArticles: new Set(hidden.map((w) => w.article)),
    hiddenCuvees: new Set(hidden.map((w) => w.cuvee)),
  };
}

// A: bought a listed article. B: bought another vintage of a listed cuvée (cuvée hit only). C: bought nothing listed.
// D: bought nothing in the hidden window (served, not evaluated). E: no recommendation (not served, not evaluated).
const CASES = [
  evaluationCase("A", "REBUY", [wine("R1", "r"), wine("W1", "w", "blanc"), wine("X1", "x", "blanc")], [wine("R1", "r")], {
    popularity: [wine("P1"), wine("P2"), wine("P3")],
  }),
  evaluationCase("B", "REBUY", [wine("R1", "r"), wine("S1", "s")], [wine("S2", "s")], { popularity: [wine("P1"), wine("S2", "s")] }),
  evaluationCase("C", "NURTURE", [wine("R1", "r"), wine("Q1", "q")], [wine("Z9", "z")], { popularity: [wine("P1")] }),
  evaluationCase("D", "NURTURE", [wine("Q1", "q")], []),
  evaluationCase("E", "NURTURE", [], [wine("R1", "r")], { popularity: [wine("R1", "r")] }),
];

describe("methodMetrics", () => {
  it("computes strict and cuvée hit rates and precision@k over evaluated customers only", () => {
    const metrics = methodMetrics(CASES, "recommender", 3, 10);
    expect(metrics.evaluated).toBe(3);
    expect(metrics.served).toBe(4);
    expect(metrics.hitRate).toBeCloseTo(1 / 3, 10);
    expect(metrics.cuveeHitRate).toBeCloseTo(2 / 3, 10);
    // Hits / k: A 1/3, B 0, C 0 → mean 1/9; cuvée: A 1/3, B 1/3, C 0 → 2/9.
    expect(metrics.precision).toBeCloseTo(1 / 9, 10);
    expect(metrics.cuveePrecision).toBeCloseTo(2 / 9, 10);
  });

  it("measures coverage and families per list over every served list", () => {
    const metrics = methodMetrics(CASES, "recommender", 3, 10);
    // Distinct articles R1 W1 X1 S1 Q1 over a catalogue of 10; families: 2, 1, 1, 1 → 1.25; lengths 3, 2, 2, 1.
    expect(metrics.coverage).toBeCloseTo(0.5, 10);
    expect(metrics.diversity).toBeCloseTo(1.25, 10);
    expect(metrics.listLength).toBeCloseTo(2, 10);
  });

  it("evaluates the baselines on the same customers as the recommender (E has no list of ours)", () => {
    const metrics = methodMetrics(CASES, "popularity", 3, 10);
    expect(metrics.evaluated).toBe(3);
    // B bought S2, listed by popularity: 1 hit of 3 evaluated; E's hit does not count.
    expect(metrics.hitRate).toBeCloseTo(1 / 3, 10);
    expect(metrics.served).toBe(4);
  });

  it("gives zeros, not NaN, without any case", () => {
    expect(methodMetrics([], "recommender", 3, 0)).toEqual({
      served: 0,
      evaluated: 0,
      hitRate: 0,
      cuveeHitRate: 0,
      precision: 0,
      cuveePrecision: 0,
      coverage: 0,
      diversity: 0,
      listLength: 0,
    });
  });
});

describe("summariseEvaluation", () => {
  it("splits by scenario in the given order and prints one row per method", () => {
    const summary = summariseEvaluation(CASES, { k: 3, catalogueSize: 10, scenarioOrder: ["HOLD", "NURTURE", "REBUY"] });
    expect(summary.byScenario.map((entry) => entry.scenario)).toEqual(["NURTURE", "REBUY"]);
    expect(summary.byScenario[1]?.metrics.recommender.hitRate).toBeCloseTo(0.5, 10);
    const table = formatEvaluationTable(summary).split("\n");
    expect(table[0]).toContain("hit@3");
    expect(table).toHaveLength(2 + 3 * 3);
    expect(table[2]).toMatch(/^ALL\s+recommender\s+3\s+33\.3 %\s+66\.7 %\s+11\.1 %\s+22\.2 %\s+50\.0 %\s+1\.25$/);
  });
});
