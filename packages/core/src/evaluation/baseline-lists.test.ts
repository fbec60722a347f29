import { describe, expect, it } from "vitest";
import { customer, prepare, product } from "../recommend/recommend-fixtures";
import { popularityBaseline, sameFamilyBaseline } from "./baseline-lists";
import { buildEvaluationCases } from "./evaluation-cases";

const asOf = "2024-06-30";
const blanc = { famille: "Blanc", couleur: "blanc" };
const CATALOGUE = [
  product({ article: "R1", popularity: 1 }),
  product({ article: "W1", popularity: 0.9, ...blanc }),
  product({ article: "R2", popularity: 0.8 }),
  product({ article: "W2", popularity: 0.7, ...blanc }),
  product({ article: "GONE", popularity: 0.95, stock: "0" }),
  product({ article: "R3", popularity: 0.1 }),
];

describe("baselines", () => {
  it("popularity: the k most popular available wines, without those bought within the exclusion window", () => {
    const prepared = prepare(CATALOGUE, customer({ clientCode: "C", scenario: "NURTURE" }), [
      { article: "R1", lastPurchase: "2024-06-01", spendHt: "20.00" },
    ]);
    const list = popularityBaseline(prepared.history, prepared.catalogue, asOf, prepared.config, 3);
    expect(list.map((item) => item.article)).toEqual(["W1", "R2", "W2"]);
  });

  it("same family: the dominant family's best sellers, completed with the most popular others", () => {
    const prepared = prepare(CATALOGUE, customer({ clientCode: "C", scenario: "NURTURE", dominantFamily: "Blanc" }));
    const list = sameFamilyBaseline(prepared.taste.dominantFamilyKey, prepared.history, prepared.catalogue, asOf, prepared.config, 3);
    expect(list.map((item) => item.article)).toEqual(["W1", "W2", "R1"]);
    const reds = sameFamilyBaseline("rouge", prepared.history, prepared.catalogue, asOf, prepared.config, 3);
    expect(reds.map((item) => item.article)).toEqual(["R1", "R2", "R3"]);
  });
});

describe("buildEvaluationCases", () => {
  it("pairs the stored list with both baselines and the hidden purchases, skipping HOLD customers", () => {
    const { cases, catalogue } = buildEvaluationCases(
      {
        asOf,
        customers: [customer({ clientCode: "C2", scenario: "REBUY" }), customer({ clientCode: "H", scenario: "HOLD" })],
        purchases: [{ clientCode: "C2", article: "R3", lastPurchase: "2024-01-05", spendHt: "10.00" }],
        products: CATALOGUE,
        affinity: [],
        recommended: new Map([["C2", ["R3", "W1", "R1", "R2"]]]),
        hidden: new Map([["C2", ["R1", "UNKNOWN"]]]),
      },
      prepare(CATALOGUE, customer({ clientCode: "X", scenario: "NURTURE" })).config,
      3,
    );
    expect(catalogue.available).toHaveLength(5);
    expect(cases).toHaveLength(1);
    const [only] = cases;
    expect(only?.lists.recommender.map((wine) => wine.article)).toEqual(["R3", "W1", "R1"]);
    expect(only?.lists.popularity.map((wine) => wine.article)).toEqual(["R1", "W1", "R2"]);
    expect(only?.lists.same_family.map((wine) => wine.article)).toEqual(["R1", "R2", "R3"]);
    expect([...(only?.hiddenArticles ?? [])]).toEqual(["R1", "UNKNOWN"]);
    expect(only?.hiddenCuvees.has("article unknown")).toBe(true);
  });
});
