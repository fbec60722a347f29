import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { scenariosConfigSchema } from "../config/scenarios";
import { chooseScenario, type ScenarioFacts } from "./choose-scenario";

const config = scenariosConfigSchema.parse(
  parse(readFileSync(fileURLToPath(new URL("../../../../config/scenarios.yaml", import.meta.url)), "utf8")),
);
const AS_OF = "2024-06-30";

/** A contactable customer that matches no rule (→ NURTURE) unless overridden. */
const facts = (overrides: Partial<ScenarioFacts> = {}): ScenarioFacts => ({
  clientCode: "C1",
  isStub: false,
  emailNorm: "anne@example.fr",
  consent: "OPT_IN",
  birthDate: "1980-01-01",
  orders: 3,
  lastOrderDate: "2024-06-01",
  recencyDays: 29,
  monetaryHt: 300,
  overdueHt: 0,
  stability: 0.5,
  dominantShare: 0.5,
  diversity: 0.5,
  optedOut: false,
  bounced: false,
  complained: false,
  lastContactDate: null,
  rebuyAvailable: true,
  upsellAvailable: true,
  ...overrides,
});

const choose = (overrides: Partial<ScenarioFacts>) => chooseScenario(facts(overrides), config, AS_OF);

describe("HOLD checks", () => {
  it.each<[string, Partial<ScenarioFacts>, string]>([
    ["stub", { isStub: true, emailNorm: null }, "STUB"],
    ["no email", { emailNorm: null }, "NO_EMAIL"],
    ["invalid email", { emailNorm: "anne@example" }, "INVALID_EMAIL"],
    ["opted out", { optedOut: true, bounced: true }, "OPTED_OUT"],
    ["complaint", { complained: true, bounced: true }, "COMPLAINED"],
    ["bounce", { bounced: true }, "BOUNCED"],
    ["refused consent", { consent: "REFUSED" }, "NO_CONSENT"],
    ["never bought", { orders: 0, lastOrderDate: null, recencyDays: null, consent: "OPT_IN" }, "NEVER_BOUGHT"],
  ])("%s → %s", (_, overrides, reason) => {
    expect(choose(overrides)).toEqual({ scenario: "HOLD", reason });
  });

  it("soft opt-in: unknown consent holds only without an order within 36 months", () => {
    expect(choose({ consent: "UNKNOWN", lastOrderDate: "2021-06-30", recencyDays: 1096 }).reason).not.toBe("NO_CONSENT");
    expect(choose({ consent: "UNKNOWN", lastOrderDate: "2021-06-29", recencyDays: 1097 })).toEqual({
      scenario: "HOLD",
      reason: "NO_CONSENT",
    });
    expect(choose({ consent: "UNKNOWN", lastOrderDate: null, orders: 0, recencyDays: null }).reason).toBe("NO_CONSENT");
    const strict = { ...config, hold: { ...config.hold, soft_opt_in: { enabled: false, months: 36 } } };
    expect(chooseScenario(facts({ consent: "UNKNOWN" }), strict, AS_OF)).toEqual({ scenario: "HOLD", reason: "NO_CONSENT" });
  });

  it("minor: born less than 18 years before the as-of date", () => {
    expect(choose({ birthDate: "2006-07-01" })).toEqual({ scenario: "HOLD", reason: "MINOR" });
    expect(choose({ birthDate: "2006-06-30" }).scenario).not.toBe("HOLD");
    expect(choose({ birthDate: null }).scenario).not.toBe("HOLD");
  });

  it("lost: last order more than 2000 days ago", () => {
    expect(choose({ recencyDays: 2001 })).toEqual({ scenario: "HOLD", reason: "LOST" });
    expect(choose({ recencyDays: 2000 })).toEqual({ scenario: "WINBACK", reason: "LAPSED_VALUABLE" });
  });

  it("overdue balance strictly above 50 €", () => {
    expect(choose({ overdueHt: 50.01 })).toEqual({ scenario: "HOLD", reason: "OVERDUE_BALANCE" });
    expect(choose({ overdueHt: 50 }).scenario).not.toBe("HOLD");
  });

  it("silence window: a contact fewer than 135 days before the as-of date", () => {
    expect(choose({ lastContactDate: "2024-02-17" })).toEqual({ scenario: "HOLD", reason: "SILENCE_WINDOW" }); // 134 days
    expect(choose({ lastContactDate: "2024-02-16" }).scenario).not.toBe("HOLD"); // 135 days
    expect(choose({ lastContactDate: AS_OF })).toEqual({ scenario: "HOLD", reason: "SILENCE_WINDOW" });
  });
});

describe("scenario rules", () => {
  it("WINBACK: recency above 365 days and revenue at least 100 €", () => {
    expect(choose({ recencyDays: 366, monetaryHt: 100 })).toEqual({ scenario: "WINBACK", reason: "LAPSED_VALUABLE" });
    expect(choose({ recencyDays: 365, monetaryHt: 100 }).scenario).toBe("REBUY");
    expect(choose({ recencyDays: 366, monetaryHt: 99.99, stability: 0.5 }).scenario).toBe("NURTURE");
  });

  it("REBUY: 150 < recency ≤ 365 with an available previous wine", () => {
    expect(choose({ recencyDays: 151 })).toEqual({ scenario: "REBUY", reason: "REORDER_WINDOW" });
    expect(choose({ recencyDays: 365 }).scenario).toBe("REBUY");
    expect(choose({ recencyDays: 150 }).scenario).toBe("NURTURE");
    expect(choose({ recencyDays: 200, rebuyAvailable: false }).scenario).toBe("NURTURE");
  });

  it("UPSELL: stability at least 0.6 with a higher-tier wine of the family available", () => {
    expect(choose({ stability: 0.6 })).toEqual({ scenario: "UPSELL", reason: "STABLE_TASTE" });
    expect(choose({ stability: 0.599999 }).scenario).toBe("NURTURE");
    expect(choose({ stability: 1, upsellAvailable: false }).scenario).toBe("NURTURE");
    expect(choose({ stability: null }).scenario).toBe("NURTURE");
  });

  it("CROSS_SELL: dominant share at least 0.6 and diversity at most 0.3", () => {
    expect(choose({ dominantShare: 0.6, diversity: 0.3 })).toEqual({ scenario: "CROSS_SELL", reason: "NARROW_TASTE" });
    expect(choose({ dominantShare: 0.599999, diversity: 0.3 }).scenario).toBe("NURTURE");
    expect(choose({ dominantShare: 0.6, diversity: 0.300001 }).scenario).toBe("NURTURE");
  });

  // Each numeric threshold of config/scenarios.yaml just below, at and just above (everything else neutral).
  it.each<[string, Partial<ScenarioFacts>, string]>([
    ["WINBACK recency 365 (at: not above)", { recencyDays: 365, monetaryHt: 500, rebuyAvailable: false }, "NURTURE"],
    ["WINBACK recency 366 (just above)", { recencyDays: 366, monetaryHt: 500 }, "WINBACK"],
    ["WINBACK revenue 99.99 (just below)", { recencyDays: 400, monetaryHt: 99.99 }, "NURTURE"],
    ["WINBACK revenue 100 (at)", { recencyDays: 400, monetaryHt: 100 }, "WINBACK"],
    ["WINBACK revenue 100.01 (just above)", { recencyDays: 400, monetaryHt: 100.01 }, "WINBACK"],
    ["REBUY recency 149 (below)", { recencyDays: 149 }, "NURTURE"],
    ["REBUY recency 150 (at the lower bound: excluded)", { recencyDays: 150 }, "NURTURE"],
    ["REBUY recency 151 (just above the lower bound)", { recencyDays: 151 }, "REBUY"],
    ["REBUY recency 364 (just below the upper bound)", { recencyDays: 364 }, "REBUY"],
    ["REBUY recency 365 (at the upper bound: included)", { recencyDays: 365 }, "REBUY"],
    ["REBUY recency 366 (just above, low revenue)", { recencyDays: 366, monetaryHt: 50 }, "NURTURE"],
    ["UPSELL stability 0.599999 (just below)", { stability: 0.599999 }, "NURTURE"],
    ["UPSELL stability 0.6 (at)", { stability: 0.6 }, "UPSELL"],
    ["UPSELL stability 0.600001 (just above)", { stability: 0.600001 }, "UPSELL"],
    ["CROSS_SELL share 0.599999 (just below)", { dominantShare: 0.599999, diversity: 0.2 }, "NURTURE"],
    ["CROSS_SELL share 0.6 (at)", { dominantShare: 0.6, diversity: 0.2 }, "CROSS_SELL"],
    ["CROSS_SELL share 0.600001 (just above)", { dominantShare: 0.600001, diversity: 0.2 }, "CROSS_SELL"],
    ["CROSS_SELL diversity 0.299999 (just below)", { dominantShare: 0.8, diversity: 0.299999 }, "CROSS_SELL"],
    ["CROSS_SELL diversity 0.3 (at)", { dominantShare: 0.8, diversity: 0.3 }, "CROSS_SELL"],
    ["CROSS_SELL diversity 0.300001 (just above)", { dominantShare: 0.8, diversity: 0.300001 }, "NURTURE"],
  ])("threshold: %s → %s", (_, overrides, scenario) => {
    expect(choose(overrides).scenario).toBe(scenario);
  });

  it("takes the first matching rule in config order", () => {
    expect(choose({ recencyDays: 200, stability: 0.9, dominantShare: 1, diversity: 0 }).scenario).toBe("REBUY");
    expect(choose({ stability: 0.9, dominantShare: 1, diversity: 0 }).scenario).toBe("UPSELL");
    const reordered = { ...config, rules: [...config.rules].reverse() };
    expect(chooseScenario(facts({ stability: 0.9, dominantShare: 1, diversity: 0 }), reordered, AS_OF).scenario).toBe("CROSS_SELL");
  });
});
