import { describe, expect, it } from "vitest";
import { formatFixed, measureOutcomes, type OutcomeObservation } from "./outcome-measures";
import { buildOutcomesCsv, type OutcomeRecord } from "./outcomes-csv";

const settings = { confidence: 0.95, power: 0.8 };

function customers(
  count: number,
  shape: Omit<OutcomeObservation, "group" | "scenario">,
  group: OutcomeObservation["group"],
  scenario: string,
) {
  return Array.from({ length: count }, () => ({ group, scenario, ...shape }));
}

const quiet = { ordered: false, convertedOnRecommended: false, revenueCents: 0 };
const buyer = { ordered: true, convertedOnRecommended: true, revenueCents: 4550 };
const otherWine = { ordered: true, convertedOnRecommended: false, revenueCents: 1200 };

describe("measureOutcomes", () => {
  // REBUY: campaign 56 converted of 70, holdout 48 of 80 (Newcombe's example (a)); WINBACK: nobody in the holdout.
  const observations: OutcomeObservation[] = [
    ...customers(56, buyer, "TREATED", "REBUY"),
    ...customers(14, quiet, "TREATED", "REBUY"),
    ...customers(48, buyer, "HOLDOUT", "REBUY"),
    ...customers(32, otherWine, "HOLDOUT", "REBUY"),
    ...customers(3, quiet, "TREATED", "WINBACK"),
  ];
  const measures = measureOutcomes(observations, settings);

  it("gives ALL first, then each scenario by code points, three metrics each", () => {
    expect(measures.map((m) => `${m.scenario}/${m.metric}`)).toEqual([
      "ALL/REACTIVATION",
      "ALL/CONVERSION",
      "ALL/REVENUE_PER_CUSTOMER",
      "REBUY/REACTIVATION",
      "REBUY/CONVERSION",
      "REBUY/REVENUE_PER_CUSTOMER",
      "WINBACK/REACTIVATION",
      "WINBACK/CONVERSION",
      "WINBACK/REVENUE_PER_CUSTOMER",
    ]);
  });

  it("measures rates, revenue, uplift, interval, verdict and needed size", () => {
    const conversion = measures.find((m) => m.scenario === "REBUY" && m.metric === "CONVERSION")!;
    expect(conversion).toMatchObject({
      treatedCustomers: 70,
      holdoutCustomers: 80,
      treatedEvents: 56,
      holdoutEvents: 48,
      treatedValue: "0.800000",
      holdoutValue: "0.600000",
      uplift: "0.200000",
      verdict: "SIGNIFICANT_GAIN",
    });
    expect(Number(conversion.ciLow)).toBeCloseTo(0.0524, 4);
    expect(Number(conversion.ciHigh)).toBeCloseTo(0.3339, 4);
    expect(conversion.neededPerGroup).toBe(82);

    const reactivation = measures.find((m) => m.scenario === "REBUY" && m.metric === "REACTIVATION")!;
    // 56/70 = 0.8 vs 80/80 = 1: the campaign group ordered less often.
    expect(reactivation.uplift).toBe("-0.200000");
    expect(reactivation.verdict).toBe("SIGNIFICANT_LOSS");

    const revenue = measures.find((m) => m.scenario === "REBUY" && m.metric === "REVENUE_PER_CUSTOMER")!;
    // treated (56 × 45.50) / 70 = 36.40; holdout (48 × 45.50 + 32 × 12) / 80 = 32.10
    expect(revenue).toMatchObject({ treatedValue: "36.40", holdoutValue: "32.10", uplift: "4.30", treatedEvents: null });
    expect(Number(revenue.ciLow)).toBeLessThan(0);
    expect(revenue.verdict).toBe("INCONCLUSIVE");
    expect(revenue.neededPerGroup).toBeGreaterThan(80);
  });

  it("says NOT_MEASURABLE when the holdout is empty", () => {
    const winback = measures.filter((m) => m.scenario === "WINBACK");
    expect(winback.map((m) => m.verdict)).toEqual(["NOT_MEASURABLE", "NOT_MEASURABLE", "NOT_MEASURABLE"]);
    expect(winback[0]).toMatchObject({ treatedValue: "0.000000", holdoutValue: null, uplift: null, neededPerGroup: null });
  });

  it("writes outcomes.csv with numbers as numbers (a negative uplift is not neutralised)", () => {
    const record: OutcomeRecord = {
      ...measures.find((m) => m.scenario === "REBUY" && m.metric === "REACTIVATION")!,
      evaluatedRunId: "run-1",
      exportDate: "2025-01-31",
      windowEnd: "2025-03-01",
      windowDays: 29,
      windowComplete: false,
    };
    const [header, row] = buildOutcomesCsv([record]).split("\n");
    expect(header).toBe(
      "evaluated_run;export_date;window_end;window_days;window_complete;scenario;metric;treated_customers;holdout_customers;treated_events;holdout_events;treated_value;holdout_value;uplift;ci95_low;ci95_high;verdict;needed_per_group",
    );
    expect(row).toMatch(
      /^run-1;2025-01-31;2025-03-01;29;false;REBUY;REACTIVATION;70;80;56;80;0\.8;1;-0\.2;-0\.\d+;-0\.\d+;SIGNIFICANT_LOSS;\d+$/,
    );
  });

  it("never writes -0", () => {
    expect(formatFixed(-0.0000001, 6)).toBe("0.000000");
    expect(formatFixed(-0.5, 2)).toBe("-0.50");
    expect(formatFixed(null, 2)).toBeNull();
  });
});
