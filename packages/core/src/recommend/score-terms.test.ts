import { describe, expect, it } from "vitest";
import { aromas, customer, prepare, product } from "./recommend-fixtures";
import { candidateReasons, scoreCandidates } from "./score-candidates";
import { aromaSimilarity, type CustomerScoringContext, combineTerms, scoreTerms, scoringContextFor } from "./score-terms";

const asOf = "2024-06-30";

function contextOf(prepared: ReturnType<typeof prepare>): CustomerScoringContext {
  return scoringContextFor(prepared.taste, prepared.history, prepared.catalogue, asOf, prepared.config);
}

describe("scoreTerms", () => {
  it("gives every term of a wine matching the profile, and the weighted score (hand-computed 8.4)", () => {
    const prepared = prepare([product({ article: "A" })], customer({ clientCode: "C1", scenario: "NURTURE" }));
    const item = prepared.catalogue.byArticle.get("A")!;
    const terms = scoreTerms(item, contextOf(prepared), prepared.config);
    expect(terms).toEqual({
      family: 1,
      grape: 1,
      sugar: 1,
      budget: 1,
      aroma: 0,
      novelty: 1,
      tier: 0,
      popularity: 0.5,
      affinity: 0,
      recency_penalty: 0,
    });
    // 2.0 + 1.0 + 2.5 + 2.0 + 0.5 (novelty) + 0.8 × 0.5 (popularity) = 8.4, NURTURE × 1.0
    expect(combineTerms(terms, prepared.taste, prepared.config)).toBe(8.4);
  });

  it("scores a distant wine lower: minor family, adjacent sweetness, twice the usual price (hand-computed 2.45)", () => {
    const far = product({
      article: "B",
      famille: "Blanc",
      couleur: "blanc",
      sucrosite: "demi-sec",
      cepages: "Chardonnay",
      prixHt: "40.00",
      popularity: 0.25,
    });
    const prepared = prepare([far], customer({ clientCode: "C1", scenario: "NURTURE" }));
    const terms = scoreTerms(prepared.catalogue.byArticle.get("B")!, contextOf(prepared), prepared.config);
    expect(terms.family).toBe(0.25);
    expect(terms.grape).toBe(0);
    expect(terms.sugar).toBe(0.5);
    expect(terms.budget).toBe(0);
    // 2 × 0.25 + 2.5 × 0.5 + 0.5 + 0.8 × 0.25
    expect(combineTerms(terms, prepared.taste, prepared.config)).toBe(2.45);
  });

  it("multiplies aroma similarity by the customer's confidence", () => {
    const prepared = prepare(
      [product({ article: "A", aromas: aromas([4, 3, 3, 3, 4, 3, 1]) })],
      customer({
        clientCode: "C1",
        scenario: "NURTURE",
        aroma: { fruit: 4, floral: 3, epice: 3, mineral: 3, acidite: 4, corps: 3, tanin: 3 },
        aromaConfidence: "0.600000",
      }),
    );
    const terms = scoreTerms(prepared.catalogue.byArticle.get("A")!, contextOf(prepared), prepared.config);
    // mean |difference| = 2/7; similarity = 1 − (2/7)/4
    expect(terms.aroma).toBeCloseTo((1 - 2 / 7 / 4) * 0.6, 12);
    expect(aromaSimilarity([1, 1, 1, 1, 1, 1, 1], [5, 5, 5, 5, 5, 5, 5])).toBe(0);
  });

  it("halves novelty and applies a fading recency penalty for a new vintage of a cuvée bought 120 days ago", () => {
    const prepared = prepare(
      [
        product({ article: "LAV19", cuvee: "Lavières", millesime: 2019 }),
        product({ article: "LAV20", cuvee: "Lavières", millesime: 2020 }),
      ],
      customer({ clientCode: "C1", scenario: "REBUY" }),
      [{ article: "LAV19", lastPurchase: "2024-03-02", spendHt: "40.00" }],
    );
    const terms = scoreTerms(prepared.catalogue.byArticle.get("LAV20")!, contextOf(prepared), prepared.config);
    expect(terms.novelty).toBe(0.5);
    // 120 days: 1 − (120 − 60) / (365 − 60)
    expect(terms.recency_penalty).toBeCloseTo(1 - 60 / 305, 12);
    const same = scoreTerms(prepared.catalogue.byArticle.get("LAV19")!, contextOf(prepared), prepared.config);
    expect(same.novelty).toBe(0);
  });

  it("counts the tier term only in UPSELL: 1 for one tier up, 1/2 for two", () => {
    const products = [product({ article: "T2", premiumTier: 2 }), product({ article: "T3", premiumTier: 3 })];
    const upsell = prepare(products, customer({ clientCode: "C1", scenario: "UPSELL" }));
    expect(scoreTerms(upsell.catalogue.byArticle.get("T2")!, contextOf(upsell), upsell.config).tier).toBe(1);
    expect(scoreTerms(upsell.catalogue.byArticle.get("T3")!, contextOf(upsell), upsell.config).tier).toBe(0.5);
    const rebuy = prepare(products, customer({ clientCode: "C1", scenario: "REBUY" }));
    expect(scoreTerms(rebuy.catalogue.byArticle.get("T2")!, contextOf(rebuy), rebuy.config).tier).toBe(0);
  });

  it("compares price per bottle-equivalent HT, deriving HT from TTC when blank", () => {
    const prepared = prepare(
      [
        product({ article: "MAG", bottleFactor: "2.0000", prixHt: "40.00", prixTtc: "48.00" }),
        product({ article: "TTC", prixHt: null, prixTtc: "24.00" }),
      ],
      customer({ clientCode: "C1", scenario: "NURTURE" }),
    );
    expect(scoreTerms(prepared.catalogue.byArticle.get("MAG")!, contextOf(prepared), prepared.config).budget).toBe(1);
    expect(scoreTerms(prepared.catalogue.byArticle.get("TTC")!, contextOf(prepared), prepared.config).budget).toBeCloseTo(1, 12);
  });

  it("takes the best co-purchase affinity through any bought article and names it", () => {
    const prepared = prepare(
      [product({ article: "A" }), product({ article: "B" }), product({ article: "X" })],
      customer({ clientCode: "C1", scenario: "NURTURE" }),
      [
        { article: "A", lastPurchase: "2023-01-10", spendHt: "20.00" },
        { article: "B", lastPurchase: "2023-02-10", spendHt: "20.00" },
      ],
      [
        { article: "A", related: "X", affinity: 0.4 },
        { article: "B", related: "X", affinity: 0.7 },
      ],
    );
    const context = contextOf(prepared);
    expect(context.affinity.get("X")).toEqual({ affinity: 0.7, via: "B" });
    const [scored] = scoreCandidates([{ item: prepared.catalogue.byArticle.get("X")!, admission: [] }], context, prepared.config);
    expect(scored?.terms.affinity).toBe(0.7);
    const reasons = candidateReasons(scored!, context, prepared.config);
    expect(reasons.reasons).toContain("BOUGHT_TOGETHER");
    expect(reasons.boughtWith).toBe("B");
  });
});
