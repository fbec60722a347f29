import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { featuresConfigSchema } from "../config/features";
import { buildCustomerProfiles, type CustomerActivity, sortedJson, stability } from "./customer-profile";

const config = featuresConfigSchema.parse(
  parse(readFileSync(fileURLToPath(new URL("../../../../config/features.yaml", import.meta.url)), "utf8")),
);

const activity = (overrides: Partial<CustomerActivity> & { clientCode: string }): CustomerActivity => ({
  orders: 1,
  firstOrderDate: "2024-05-01",
  lastOrderDate: "2024-05-01",
  recencyDays: 31,
  monetaryHt: "100.00",
  bottles: "6.000",
  priceBandHt: "16.67",
  usualTier: 1,
  ledgerOutstanding: "0.00",
  ledgerOverdue: "0.00",
  ...overrides,
});

describe("customer profiles", () => {
  it("builds a one-order customer with preferences and no aroma data", () => {
    const { rows, propensity } = buildCustomerProfiles(
      {
        asOf: "2024-06-01",
        activities: [activity({ clientCode: "C1" })],
        products: [
          { article: "A1", family: "Rouge", sweetness: null, grape: "Syrah, Grenache", appellation: null },
          { article: "B1", family: "Blanc", sweetness: null, grape: "Syrah", appellation: null },
        ],
        articleSpends: [
          { clientCode: "C1", article: "A1", spendHt: 75 },
          { clientCode: "C1", article: "B1", spendHt: 25 },
        ],
        orderFamilies: [{ clientCode: "C1", family: "Rouge", orders: 1 }],
        aromas: [],
      },
      config,
    );
    expect(propensity).toEqual({
      status: "NOT_FITTED",
      reason: "TOO_FEW_CUSTOMERS",
      parameters: null,
      logLikelihood: null,
      customers: 1,
      repeaters: 0,
    });
    expect(rows[0]).toMatchObject({
      client_code: "C1",
      r_score: 4,
      f_score: 1,
      m_score: 1,
      segment: "PROMISING",
      segment_label: "Prometteurs",
      segment_action: "Encourager un deuxième achat",
      propensity_status: "NOT_FITTED",
      p_alive: null,
      expected_orders_90d: null,
      dominant_family: "Rouge",
      dominant_share: "0.750000",
      diversity: "0.375000",
      family_shares: '{"Blanc":0.25,"Rouge":0.75}',
      grape_shares: '{"Grenache":0.375,"Syrah":0.625}',
      sweetness_shares: "{}",
      stability: "1.000000",
      aroma: null,
      aroma_top3: null,
      aroma_confidence: null,
      aroma_level: null,
    });
  });

  it("makes a customer without order a prospect", () => {
    const { rows } = buildCustomerProfiles(
      {
        asOf: "2024-06-01",
        activities: [
          activity({
            clientCode: "P1",
            orders: 0,
            firstOrderDate: null,
            lastOrderDate: null,
            recencyDays: null,
            monetaryHt: "0.00",
            priceBandHt: null,
            usualTier: null,
          }),
        ],
        products: [],
        articleSpends: [],
        orderFamilies: [],
        aromas: [],
      },
      config,
    );
    expect(rows[0]).toMatchObject({ segment: "PROSPECT", r_score: 1, f_score: 1, m_score: 1, dominant_family: null, stability: null });
  });

  it("gives the segment's label and suggested action in the run's locale", () => {
    const inputs = {
      asOf: "2024-06-01",
      activities: [activity({ clientCode: "C1" })],
      products: [],
      articleSpends: [],
      orderFamilies: [],
      aromas: [],
    };
    expect(buildCustomerProfiles(inputs, config, "en").rows[0]).toMatchObject({
      segment: "PROMISING",
      segment_label: "Promising",
      segment_action: "Encourage a second order",
    });
  });

  it("computes stability over orders with a known family", () => {
    expect(
      stability(
        [
          { clientCode: "C", family: "Blanc", orders: 1 },
          { clientCode: "C", family: "Rouge", orders: 3 },
        ],
        "Rouge",
      ),
    ).toBe(0.75);
    expect(stability([], "Rouge")).toBeNull();
  });

  it("does not fit BG/NBD on a large base without enough repeat customers, and says why", () => {
    const activities = Array.from({ length: 150 }, (_, i) =>
      activity({ clientCode: `C${String(i).padStart(3, "0")}`, orders: 1, firstOrderDate: "2024-01-01", lastOrderDate: "2024-01-01" }),
    );
    const { rows, propensity } = buildCustomerProfiles(
      { asOf: "2024-06-01", activities, products: [], articleSpends: [], orderFamilies: [], aromas: [] },
      config,
    );
    expect(propensity).toMatchObject({ status: "NOT_FITTED", reason: "TOO_FEW_REPEATERS", customers: 150, repeaters: 0 });
    expect(rows[0]).toMatchObject({ propensity_status: "NOT_FITTED", p_alive: null, expected_orders_90d: null });
  });

  it("fits BG/NBD once the base is large enough and fills P(alive) and expected orders", () => {
    const activities: CustomerActivity[] = [];
    for (let i = 0; i < 120; i++) {
      const orders = 1 + (i % 4);
      const first = `2023-${String(1 + (i % 12)).padStart(2, "0")}-01`;
      activities.push(
        activity({
          clientCode: `C${String(i).padStart(3, "0")}`,
          orders,
          firstOrderDate: first,
          lastOrderDate: orders > 1 ? "2024-03-15" : first,
        }),
      );
    }
    const { rows, propensity } = buildCustomerProfiles(
      { asOf: "2024-06-01", activities, products: [], articleSpends: [], orderFamilies: [], aromas: [] },
      config,
    );
    expect(propensity.status).toBe("FITTED");
    expect(propensity.repeaters).toBe(90);
    expect(rows[0]!.p_alive).toBe("1.000000");
    for (const row of rows) {
      expect(Number(row.p_alive)).toBeGreaterThan(0);
      expect(Number(row.p_alive)).toBeLessThanOrEqual(1);
      expect(Number(row.expected_orders_90d)).toBeGreaterThan(0);
    }
  });

  it("serialises maps with sorted keys", () => {
    expect(sortedJson({ b: 0.5, A: 0.25, "2020": 0.25 })).toBe('{"2020":0.25,"A":0.25,"b":0.5}');
  });
});
