import { describe, expect, it } from "vitest";
import { recommendCustomer } from "./recommend-customer";
import { customer, prepare, product, shippedScoringConfig } from "./recommend-fixtures";

const asOf = "2024-06-30";

function run(...args: Parameters<typeof prepare>) {
  const prepared = prepare(...args);
  return recommendCustomer(prepared.taste, prepared.history, prepared.catalogue, asOf, prepared.config);
}

const summary = (rows: ReturnType<typeof run>) =>
  rows.map(
    (row) => `${row.rank} ${row.article} ${row.selected ? "selected" : "alternate"}${row.isBackfill ? " backfill" : ""} ${row.reasonCodes}`,
  );

describe("recommendCustomer", () => {
  it("applies every hard filter: inactive, out of stock, unpriced, stub, bought 60 days or fewer ago", () => {
    const rows = run(
      [
        product({ article: "OK" }),
        product({ article: "INACTIVE", actif: false }),
        product({ article: "NOSTOCK", stock: "0.00" }),
        product({ article: "NOPRICE", prixTtc: null }),
        product({ article: "ZEROPRICE", prixTtc: "0.00" }),
        product({ article: "STUB", isStub: true }),
        product({ article: "RECENT60" }),
        product({ article: "OLD61" }),
      ],
      customer({ clientCode: "C", scenario: "NURTURE" }),
      [
        { article: "RECENT60", lastPurchase: "2024-05-01", spendHt: "20.00" },
        { article: "OLD61", lastPurchase: "2024-04-30", spendHt: "20.00" },
      ],
    );
    expect(rows.map((row) => row.article)).toEqual(["OK", "OLD61"]);
    expect(rows.every((row) => row.selected)).toBe(true);
  });

  it("breaks equal scores on the article code (code-point order) and numbers ranks from 1", () => {
    const rows = run(
      [product({ article: "a1" }), product({ article: "A2" }), product({ article: "A10" })],
      customer({ clientCode: "C", scenario: "NURTURE" }),
    );
    // Equal scores: "A10" < "A2" < "a1" in code points; at most two per family, the third becomes an alternate.
    expect(rows.map((row) => [row.rank, row.article, row.selected, row.score])).toEqual([
      [1, "A10", true, "8.400000"],
      [2, "A2", true, "8.400000"],
      [3, "a1", false, "8.400000"],
    ]);
  });

  it("back-fills with popular available wines when the scenario leaves fewer than the minimum", () => {
    const rows = run(
      [
        product({ article: "GONE", stock: "0" }),
        product({ article: "POP1", popularity: 0.9, famille: "Blanc", couleur: "blanc" }),
        product({ article: "POP2", popularity: 0.8 }),
        product({ article: "POP3", popularity: 0.7 }),
      ],
      customer({ clientCode: "C", scenario: "REBUY" }),
      [{ article: "GONE", lastPurchase: "2023-10-01", spendHt: "20.00" }],
    );
    // The shipped minimum is 3: the list is completed to three, in popularity order.
    expect(summary(rows)).toEqual([
      "1 POP1 selected backfill BACKFILL_POPULAR|SAME_GRAPE|SWEETNESS_MATCH|IN_BUDGET|POPULAR",
      "2 POP2 selected backfill BACKFILL_POPULAR|SAME_FAMILY|SAME_GRAPE|SWEETNESS_MATCH|IN_BUDGET|POPULAR",
      "3 POP3 selected backfill BACKFILL_POPULAR|SAME_FAMILY|SAME_GRAPE|SWEETNESS_MATCH|IN_BUDGET|POPULAR",
    ]);
  });

  it("stops the back-fill at `selection.minimum`: with 2, the third popular wine is only an alternate", () => {
    const config = shippedScoringConfig();
    const rows = run(
      [
        product({ article: "ADMITTED", popularity: 0.1 }),
        product({ article: "POP1", popularity: 0.9, famille: "Blanc", couleur: "blanc" }),
        product({ article: "POP2", popularity: 0.8 }),
        product({ article: "POP3", popularity: 0.7, famille: "Rosé", couleur: "rosé" }),
      ],
      customer({ clientCode: "C", scenario: "REBUY" }),
      [{ article: "ADMITTED", lastPurchase: "2023-10-01", spendHt: "20.00" }],
      [],
      { ...config, selection: { ...config.selection, minimum: 2 } },
    );
    expect(rows.map((row) => `${row.article}:${row.selected}:${row.isBackfill}`)).toEqual([
      "ADMITTED:true:false",
      "POP1:true:true",
      "POP2:false:true",
      "POP3:false:true",
    ]);
  });

  it("back-fills only up to the minimum, respecting diversity with what is already selected", () => {
    const rows = run(
      [
        product({ article: "LAV19", cuvee: "Lavières", millesime: 2019, stock: "0" }),
        product({ article: "LAV20", cuvee: "Lavières", millesime: 2020, popularity: 0.1 }),
        product({ article: "LAV18", cuvee: "Lavières", millesime: 2018, popularity: 1 }),
        product({ article: "POPR", popularity: 0.6 }),
      ],
      customer({ clientCode: "C", scenario: "REBUY" }),
      [{ article: "LAV19", lastPurchase: "2023-10-01", spendHt: "40.00" }],
    );
    // LAV18 is the most popular but a second vintage of the selected cuvée: skipped, never an alternate either.
    expect(summary(rows)).toEqual([
      "1 LAV20 selected NEWER_VINTAGE|SAME_FAMILY|SAME_GRAPE|SWEETNESS_MATCH|IN_BUDGET",
      "2 POPR selected backfill BACKFILL_POPULAR|SAME_FAMILY|SAME_GRAPE|SWEETNESS_MATCH|IN_BUDGET|POPULAR",
    ]);
  });

  it("keeps up to three next-ranked alternates after the three selected wines", () => {
    const products = [
      ...["R1", "R2", "R3", "R4"].map((article, i) => product({ article, popularity: 0.9 - i / 10 })),
      ...["W1", "W2", "W3"].map((article, i) => product({ article, famille: "Blanc", couleur: "blanc", popularity: 0.9 - i / 10 })),
    ];
    const rows = run(products, customer({ clientCode: "C", scenario: "WINBACK" }));
    expect(rows.map((row) => `${row.article}:${row.selected}`)).toEqual([
      "R1:true",
      "R2:true",
      "W1:true",
      "R3:false",
      "R4:false",
      "W2:false",
    ]);
  });

  it("gives nothing when no wine is available at all", () => {
    expect(run([product({ article: "X", actif: false })], customer({ clientCode: "C", scenario: "NURTURE" }))).toEqual([]);
  });
});
