import { describe, expect, it } from "vitest";
import { toCsv } from "../csv/csv-writer";
import { type CustomerProfileRecord, customerProfileCsvHeader, toCustomerProfileCsvRow } from "./profile-csv";

const row: CustomerProfileRecord = {
  client_code: "C001",
  orders: 2,
  first_order_date: "2024-01-05",
  last_order_date: "2024-05-01",
  recency_days: 31,
  monetary_ht: "-12.50",
  bottles: "6.000",
  r_score: 4,
  f_score: 2,
  m_score: 1,
  segment: "POTENTIAL_LOYALIST",
  segment_label: "Fidèles en devenir",
  segment_action: "Faire découvrir d'autres cuvées de la même famille",
  propensity_status: "NOT_FITTED",
  p_alive: null,
  expected_orders_90d: null,
  dominant_family: "Rouge",
  dominant_share: "0.750000",
  diversity: "0.375000",
  family_shares: { Rouge: 0.75, Blanc: 0.25 },
  sweetness_shares: '{"sec":1}',
  grape_shares: {},
  appellation_shares: {},
  price_band_ht: "16.67",
  usual_tier: 1,
  stability: "1.000000",
  aroma: { fruit: 4, floral: 3, epice: 3, mineral: 3, acidite: 4, corps: 3, tanin: 3.5 },
  aroma_top3: "fruit|acidite|tanin",
  aroma_confidence: "0.500000",
  aroma_level: "MEDIUM",
  ledger_outstanding: "60.00",
  ledger_overdue: "0.00",
};

describe("customer_profiles.csv rows", () => {
  it("starts with the agreed columns and has one cell per column", () => {
    expect(customerProfileCsvHeader.slice(0, 12)).toEqual([
      "client_code",
      "orders",
      "first_order_date",
      "last_order_date",
      "recency_days",
      "monetary_ht",
      "r_score",
      "f_score",
      "m_score",
      "segment",
      "p_alive",
      "expected_orders_90d",
    ]);
    expect(customerProfileCsvHeader.slice(12, 15)).toEqual(["segment_label", "segment_action", "propensity_status"]);
    expect(toCustomerProfileCsvRow(row)).toHaveLength(customerProfileCsvHeader.length);
  });

  it("writes numbers with . decimals, sorted flattened maps, and empty cells for nulls", () => {
    const csv = toCsv(customerProfileCsvHeader, [toCustomerProfileCsvRow(row)]).split("\n")[1];
    expect(csv).toBe(
      "C001;2;2024-01-05;2024-05-01;31;-12.5;4;2;1;POTENTIAL_LOYALIST;;;Fidèles en devenir;Faire découvrir d'autres cuvées de la même famille;NOT_FITTED;6;Rouge;0.75;0.375;Blanc:0.25|Rouge:0.75;sec:1;;;16.67;1;1;" +
        "4;3;3;3;4;3;3.5;fruit|acidite|tanin;0.5;MEDIUM;60;0",
    );
  });

  it("leaves the label and action empty for runs profiled before they were stored", () => {
    const { segment_label: _label, segment_action: _action, ...older } = row;
    const cells = toCustomerProfileCsvRow(older);
    expect(cells.slice(12, 14)).toEqual([null, null]);
  });
});
