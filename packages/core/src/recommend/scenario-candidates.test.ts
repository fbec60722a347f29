import { describe, expect, it } from "vitest";
import type { ProductFacts } from "./catalogue-item";
import { aromas, customer, prepare, product } from "./recommend-fixtures";
import { scenarioAdmission, scenarioPool } from "./scenario-candidates";
import { scoringContextFor } from "./score-terms";

function admitted(products: ProductFacts[], ...args: Parameters<typeof prepare> extends [unknown, ...infer Rest] ? Rest : never) {
  const prepared = prepare(products, ...args);
  const result: Record<string, string[]> = {};
  const context = scoringContextFor(prepared.taste, prepared.history, prepared.catalogue, "2024-06-30", prepared.config);
  const pool = new Set([...scenarioPool(context, prepared.catalogue)].map((item) => item.article));
  for (const item of prepared.catalogue.available) {
    const codes = scenarioAdmission(item, context, prepared.catalogue, prepared.config);
    if (codes.length > 0) result[item.article] = [...codes];
    // recommendCustomer only checks the scenario's pool: it must hold every wine the scenario admits.
    if (codes.length > 0) expect(pool, `${item.article} admitted but not in the ${prepared.taste.scenario} pool`).toContain(item.article);
  }
  return result;
}

describe("scenarioAdmission", () => {
  it("REBUY admits what they bought and strictly newer vintages of its cuvée only", () => {
    const products = [
      product({ article: "LAV18", cuvee: "Lavières", millesime: 2018 }),
      product({ article: "LAV19", cuvee: "Lavières", millesime: 2019 }),
      product({ article: "LAV20", cuvee: "Lavières", millesime: 2020 }),
      product({ article: "OTHER" }),
    ];
    expect(
      admitted(products, customer({ clientCode: "C", scenario: "REBUY" }), [
        { article: "LAV19", lastPurchase: "2023-10-01", spendHt: "40.00" },
      ]),
    ).toEqual({
      LAV19: ["REBUY_FAVOURITE"],
      LAV20: ["NEWER_VINTAGE"],
    });
  });

  it("UPSELL admits the preferred family, a higher tier, at most twice the usual price", () => {
    const products = [
      product({ article: "SAME_TIER", premiumTier: 1 }),
      product({ article: "UP", premiumTier: 2, prixHt: "40.00" }),
      product({ article: "TOO_DEAR", premiumTier: 2, prixHt: "40.01" }),
      product({ article: "OTHER_FAMILY", premiumTier: 3, famille: "Blanc", couleur: "blanc" }),
    ];
    expect(admitted(products, customer({ clientCode: "C", scenario: "UPSELL" }))).toEqual({ UP: ["TIER_UP"] });
  });

  it("CROSS_SELL admits other families close in sweetness and aroma", () => {
    const profileAroma = { fruit: 4, floral: 3, epice: 3, mineral: 3, acidite: 4, corps: 3, tanin: 3 };
    const products = [
      product({ article: "RED", aromas: aromas([4, 3, 3, 3, 4, 3, 3]) }),
      product({ article: "WHITE_DRY", famille: "Blanc", couleur: "blanc", aromas: aromas([4, 3, 2, 4, 4, 3, 1]) }),
      product({
        article: "WHITE_SWEET",
        famille: "Liquoreux",
        couleur: "blanc",
        sucrosite: "liquoreux",
        aromas: aromas([4, 3, 3, 3, 4, 3, 3]),
      }),
      product({ article: "WHITE_FAR_AROMA", famille: "Blanc", couleur: "blanc", aromas: aromas([1, 1, 5, 1, 1, 5, 5]) }),
      product({ article: "ROSE_NO_AROMA", famille: "Rosé", couleur: "rosé", sucrosite: "demi-sec" }),
    ];
    expect(admitted(products, customer({ clientCode: "C", scenario: "CROSS_SELL", aroma: profileAroma, aromaConfidence: "0.8" }))).toEqual({
      ROSE_NO_AROMA: ["SWEETNESS_MATCH"],
      WHITE_DRY: ["SWEETNESS_MATCH", "AROMA_MATCH"],
    });
  });

  it("WINBACK admits their favourite cuvées (bought or newer vintage) and the best sellers", () => {
    const products = [
      product({ article: "FAV19", cuvee: "Favourite", millesime: 2019, popularity: 0 }),
      product({ article: "FAV20", cuvee: "Favourite", millesime: 2020, popularity: 0 }),
      product({ article: "BEST", popularity: 1 }),
      ...Array.from({ length: 10 }, (_, i) => product({ article: `P${i}`, popularity: 0.5 })),
    ];
    const result = admitted(products, customer({ clientCode: "C", scenario: "WINBACK" }), [
      { article: "FAV19", lastPurchase: "2022-01-10", spendHt: "120.00" },
    ]);
    // Best sellers: the 10 most popular (BEST, then P0…P8 by article code); P9 is the 11th.
    expect(result.FAV19).toEqual(["REBUY_FAVOURITE"]);
    expect(result.FAV20).toEqual(["NEWER_VINTAGE"]);
    expect(result.BEST).toEqual(["POPULAR"]);
    expect(result.P8).toEqual(["POPULAR"]);
    expect(result.P9).toBeUndefined();
  });

  it("NURTURE admits the best sellers of the preferred family only", () => {
    const products = [
      product({ article: "RED", popularity: 0.2 }),
      product({ article: "WHITE", famille: "Blanc", couleur: "blanc", popularity: 0.9 }),
    ];
    expect(admitted(products, customer({ clientCode: "C", scenario: "NURTURE" }))).toEqual({ RED: ["POPULAR"] });
    // Nobody bought it in the popularity window: not a best seller.
    expect(admitted([product({ article: "NEW", popularity: 0 })], customer({ clientCode: "C", scenario: "NURTURE" }))).toEqual({});
    expect(admitted(products, customer({ clientCode: "C", scenario: "NURTURE", dominantFamily: null, familyShares: {} }))).toEqual({
      RED: ["POPULAR"],
      WHITE: ["POPULAR"],
    });
  });
});
