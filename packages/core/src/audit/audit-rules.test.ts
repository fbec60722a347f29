import { describe, expect, it } from "vitest";
import type { AuditRuleCode } from "../config/audit";
import type { CustomerAuditFacts } from "./audit-facts";
import { customerFacts, recommendation, ruleContext, SOLE, shippedAuditConfig } from "./audit-fixtures";
import { type AuditFlag, evaluateAuditRules } from "./audit-rules";
import type { EmailIdentityResult } from "./email-identities";

interface RuleCase {
  code: AuditRuleCode;
  /** Facts (and identity) that must raise the rule, with the expected rank and detail. */
  triggers: { facts: CustomerAuditFacts; identity?: EmailIdentityResult; rank: number; detail: string | null };
  /** Facts close to the trigger that must not raise it. */
  passes: { facts: CustomerAuditFacts; identity?: EmailIdentityResult };
}

const recos = (...overrides: Array<Parameters<typeof recommendation>[1]>) => overrides.map((o, i) => recommendation(i + 1, o));

const cases: RuleCase[] = [
  {
    code: "NO_CONSENT",
    triggers: {
      facts: customerFacts({ consent: "UNKNOWN", lastOrderDate: "2021-06-29" }),
      rank: 0,
      detail: "unknown, no soft opt-in basis",
    },
    // bought exactly 36 months before the as-of date: still a soft opt-in
    passes: { facts: customerFacts({ consent: "UNKNOWN", lastOrderDate: "2021-06-30" }) },
  },
  {
    code: "SUPPRESSED",
    triggers: { facts: customerFacts({ contactStatuses: ["ouvert", "Désinscrit "] }), rank: 0, detail: "desinscrit" },
    passes: { facts: customerFacts({ contactStatuses: ["envoye", "ouvert", "clic"] }) },
  },
  {
    code: "INVALID_EMAIL",
    triggers: { facts: customerFacts({ email: "client@example" }), rank: 0, detail: "malformed" },
    passes: { facts: customerFacts({ email: "jean.dupont+vin@cave-du-roi.example.com" }) },
  },
  {
    code: "DUPLICATE_EMAIL",
    triggers: { facts: customerFacts(), identity: { identity: "DUPLICATE", primaryCode: "C000" }, rank: 0, detail: "primary code C000" },
    passes: { facts: customerFacts(), identity: { identity: "PRIMARY", primaryCode: "C001" } },
  },
  {
    code: "SILENCE_WINDOW",
    // 134 days before 2024-06-30
    triggers: { facts: customerFacts({ lastContactDate: "2024-02-17" }), rank: 0, detail: "last contact 2024-02-17" },
    // 135 days before: the window has passed
    passes: { facts: customerFacts({ lastContactDate: "2024-02-16" }) },
  },
  {
    code: "MINOR",
    triggers: { facts: customerFacts({ birthDate: "2006-07-01" }), rank: 0, detail: "under 18" },
    passes: { facts: customerFacts({ birthDate: "2006-06-30" }) },
  },
  {
    code: "OVERDUE_BALANCE",
    triggers: { facts: customerFacts({ overdueCents: 5001 }), rank: 0, detail: "overdue 50.01 EUR" },
    passes: { facts: customerFacts({ overdueCents: 5000 }) },
  },
  {
    code: "PRODUCT_INACTIVE",
    triggers: { facts: customerFacts({ recommendations: recos({}, { active: false }, {}) }), rank: 2, detail: "inactive" },
    passes: { facts: customerFacts() },
  },
  {
    code: "OUT_OF_STOCK",
    triggers: { facts: customerFacts({ recommendations: recos({ stockQuantity: 0 }, {}, {}) }), rank: 1, detail: "stock 0" },
    passes: { facts: customerFacts({ recommendations: recos({ stockQuantity: 1 }, {}, {}) }) },
  },
  {
    code: "PRICE_MISSING",
    triggers: { facts: customerFacts({ recommendations: recos({}, {}, { priceTtc: null }) }), rank: 3, detail: null },
    passes: { facts: customerFacts({ recommendations: recos({}, {}, { priceTtc: 0.5 }) }) },
  },
  {
    code: "RECENTLY_PURCHASED",
    // 60 days before the as-of date
    triggers: {
      facts: customerFacts({ recommendations: recos({ lastPurchaseDate: "2024-05-01" }) }),
      rank: 1,
      detail: "bought 2024-05-01",
    },
    passes: { facts: customerFacts({ recommendations: recos({ lastPurchaseDate: "2024-04-30" }) }) },
  },
  {
    code: "DUPLICATE_PRODUCT",
    triggers: {
      facts: customerFacts({ recommendations: recos({ cuvee: "LES GRAVES" }, { cuvee: "LES GRAVES" }) }),
      rank: 2,
      detail: "same cuvee as rank 1",
    },
    passes: { facts: customerFacts({ recommendations: recos({ cuvee: null }, { cuvee: null }) }) },
  },
  {
    code: "NO_RECOMMENDATION",
    triggers: { facts: customerFacts({ recommendations: [] }), rank: 0, detail: null },
    // a HOLD customer is not expected to have recommendations
    passes: { facts: customerFacts({ scenario: "HOLD", recommendations: [] }) },
  },
  {
    code: "NON_OBJECTIVE_WORDING",
    triggers: {
      facts: customerFacts({ recommendations: recos({}, { explanationFr: "Idéal pour une FETE entre amis.", explanationEn: "Festif." }) }),
      rank: 2,
      detail: "fr: fête",
    },
    // whole words only: "sain" is banned, "Saint-Émilion" is an appellation
    passes: { facts: customerFacts({ recommendations: recos({ explanationFr: "Un Saint-Émilion, cépage merlot, millésime 2019." }) }) },
  },
  {
    code: "LOW_DATA",
    triggers: { facts: customerFacts({ orders: 1 }), rank: 0, detail: "1 order" },
    passes: { facts: customerFacts({ orders: 2 }) },
  },
  {
    code: "BACKFILL_USED",
    triggers: { facts: customerFacts({ recommendations: recos({}, {}, { isBackfill: true }) }), rank: 3, detail: null },
    passes: { facts: customerFacts() },
  },
  {
    code: "PRICE_JUMP",
    // band 10 € HT per bottle; a 2-bottle carton at 50.40 € TTC = 42 € HT = 21 € per bottle: ratio 2.10 is a jump,
    // 40 € HT = 20 € per bottle (ratio 2.00) is not
    triggers: {
      facts: customerFacts({ recommendations: recos({ priceHt: null, priceTtc: 50.4, bottleFactor: 2 }) }),
      rank: 1,
      detail: "ratio 2.10",
    },
    passes: { facts: customerFacts({ recommendations: recos({ priceHt: 40, bottleFactor: 2 }) }) },
  },
  {
    code: "LOW_DIVERSITY",
    triggers: { facts: customerFacts({ recommendations: recos({ family: "ROUGE" }, { family: "ROUGE" }) }), rank: 0, detail: "all ROUGE" },
    passes: { facts: customerFacts({ recommendations: recos({ family: "ROUGE" }, { family: "BLANC" }, { family: "ROUGE" }) }) },
  },
  {
    code: "LOW_AROMA_CONFIDENCE",
    triggers: { facts: customerFacts({ aromaConfidence: 0.449 }), rank: 0, detail: "confidence 0.45" },
    passes: { facts: customerFacts({ aromaConfidence: 0.45 }) },
  },
  {
    code: "MERGED_IDENTITY",
    triggers: {
      facts: customerFacts(),
      identity: { identity: "PRIMARY", primaryCode: "C001" },
      rank: 0,
      detail: "email shared with other codes",
    },
    passes: { facts: customerFacts(), identity: SOLE },
  },
  {
    code: "STALE_DATA",
    // 731 days before the as-of date (2024 is a leap year); 2022-07-01 is 730 days before
    triggers: { facts: customerFacts({ lastOrderDate: "2022-06-30" }), rank: 0, detail: "last order 2022-06-30" },
    passes: { facts: customerFacts({ lastOrderDate: "2022-07-01" }) },
  },
  {
    code: "SMALL_OVERDUE_BALANCE",
    triggers: { facts: customerFacts({ overdueCents: 5000 }), rank: 0, detail: "overdue 50.00 EUR" },
    passes: { facts: customerFacts({ overdueCents: 0 }) },
  },
];

const flagsOf = (facts: CustomerAuditFacts, identity: EmailIdentityResult = SOLE) => evaluateAuditRules(facts, identity, ruleContext());
const withCode = (flags: AuditFlag[], code: AuditRuleCode) => flags.filter((flag) => flag.code === code);

describe("audit rules", () => {
  it("covers every rule of the shipped config", () => {
    expect(cases.map((c) => c.code).sort()).toEqual(Object.keys(shippedAuditConfig().rules).sort());
  });

  it("raises nothing for a clean, contactable customer", () => {
    expect(flagsOf(customerFacts())).toEqual([]);
  });

  it.each(cases)("$code is raised by its trigger, with the configured severity", ({ code, triggers }) => {
    const flags = withCode(flagsOf(triggers.facts, triggers.identity), code);
    expect(flags).toEqual([{ code, severity: shippedAuditConfig().rules[code].severity, rank: triggers.rank, detail: triggers.detail }]);
  });

  it.each(cases)("$code is not raised by a near miss", ({ code, passes }) => {
    expect(withCode(flagsOf(passes.facts, passes.identity), code)).toEqual([]);
  });

  it("NO_CONSENT: a refusal always counts; opt-in needs no purchase; soft opt-in can be switched off", () => {
    expect(withCode(flagsOf(customerFacts({ consent: "REFUSED" })), "NO_CONSENT")[0]?.detail).toBe("refused");
    expect(withCode(flagsOf(customerFacts({ consent: "OPT_IN", lastOrderDate: null })), "NO_CONSENT")).toEqual([]);
    const config = shippedAuditConfig();
    config.rules.NO_CONSENT.soft_opt_in = false;
    const flags = evaluateAuditRules(customerFacts({ consent: "UNKNOWN" }), SOLE, ruleContext(config));
    expect(withCode(flags, "NO_CONSENT")).toHaveLength(1);
  });

  it("INVALID_EMAIL: a missing email", () => {
    expect(withCode(flagsOf(customerFacts({ email: null })), "INVALID_EMAIL")[0]?.detail).toBe("missing");
  });

  it("SILENCE_WINDOW: a contact after the as-of date is within the window", () => {
    expect(withCode(flagsOf(customerFacts({ lastContactDate: "2024-07-15" })), "SILENCE_WINDOW")).toHaveLength(1);
  });

  it("MINOR: born on 29 February becomes of age on 1 March", () => {
    const facts = customerFacts({ birthDate: "2004-02-29" });
    const at = (asOf: string) => withCode(evaluateAuditRules(facts, SOLE, { ...ruleContext(), asOf }), "MINOR");
    expect(at("2022-02-28")).toHaveLength(1);
    expect(at("2022-03-01")).toEqual([]);
  });

  it("PRODUCT_INACTIVE: unknown and stub articles", () => {
    const flags = withCode(flagsOf(customerFacts({ recommendations: recos({ productKnown: false }, { stub: true }) })), "PRODUCT_INACTIVE");
    expect(flags.map((flag) => [flag.rank, flag.detail])).toEqual([
      [1, "unknown article"],
      [2, "stub product"],
    ]);
  });

  it("DUPLICATE_PRODUCT: the same article twice; other vintages allowed when same_cuvee is off", () => {
    const sameArticle = customerFacts({ recommendations: recos({ article: "X" }, {}, { article: "X" }) });
    expect(withCode(flagsOf(sameArticle), "DUPLICATE_PRODUCT").map((flag) => [flag.rank, flag.detail])).toEqual([
      [3, "same article as rank 1"],
    ]);
    const config = shippedAuditConfig();
    config.rules.DUPLICATE_PRODUCT.same_cuvee = false;
    const vintages = customerFacts({ recommendations: recos({ cuvee: "LES GRAVES" }, { cuvee: "LES GRAVES" }) });
    expect(withCode(evaluateAuditRules(vintages, SOLE, ruleContext(config)), "DUPLICATE_PRODUCT")).toEqual([]);
  });

  it("NON_OBJECTIVE_WORDING: checks both languages and phrases, and is empty without a lexicon", () => {
    const facts = customerFacts({
      recommendations: recos({ explanationFr: "Pour votre santé.", explanationEn: "A SURE  success for your health (santé)." }),
    });
    expect(withCode(flagsOf(facts), "NON_OBJECTIVE_WORDING")[0]?.detail).toBe("fr: santé; en: health, santé, sure success");
    const empty = { ...ruleContext(), bannedWords: { fr: [], en: [] } };
    expect(withCode(evaluateAuditRules(facts, SOLE, empty), "NON_OBJECTIVE_WORDING")).toEqual([]);
  });

  it("PRICE_JUMP: no band means no comparison", () => {
    expect(withCode(flagsOf(customerFacts({ priceBandHt: null, recommendations: recos({ priceHt: 500 }) })), "PRICE_JUMP")).toEqual([]);
  });

  it("LOW_AROMA_CONFIDENCE: no aroma profile at all", () => {
    expect(withCode(flagsOf(customerFacts({ aromaConfidence: null })), "LOW_AROMA_CONFIDENCE")[0]?.detail).toBe("no aroma profile");
  });

  it("a severity can be overridden and a rule switched off", () => {
    const config = shippedAuditConfig();
    config.rules.STALE_DATA.severity = "ERROR";
    config.rules.LOW_DATA.enabled = false;
    const flags = evaluateAuditRules(customerFacts({ orders: 1, lastOrderDate: "2020-01-01" }), SOLE, ruleContext(config));
    expect(flags.map((flag) => `${flag.code}:${flag.severity}`)).toEqual(["STALE_DATA:ERROR"]);
  });

  it("orders flags by the fixed rule order, then by rank", () => {
    const facts = customerFacts({
      consent: "REFUSED",
      orders: 1,
      recommendations: recos({ stockQuantity: 0, isBackfill: true }, { stockQuantity: 0 }, {}),
    });
    expect(flagsOf(facts).map((flag) => `${flag.code}@${flag.rank}`)).toEqual([
      "NO_CONSENT@0",
      "OUT_OF_STOCK@1",
      "OUT_OF_STOCK@2",
      "LOW_DATA@0",
      "BACKFILL_USED@1",
    ]);
  });
});
