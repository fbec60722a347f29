import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { shippedAuditConfig } from "../audit/audit-fixtures";
import { AUDIT_RULE_CODES, auditConfigSchema } from "./audit";

describe("audit config", () => {
  it("parses the shipped config/audit.yaml with the domain defaults", () => {
    const config = shippedAuditConfig();
    expect(Object.keys(config.rules)).toEqual([...AUDIT_RULE_CODES]);
    expect(config.score).toEqual({
      start: 100,
      error_penalty: 40,
      warning_penalty: 10,
      warning_groups: { thin_data: ["LOW_DATA", "LOW_AROMA_CONFIDENCE", "BACKFILL_USED"] },
    });
    expect(config.gate.min_score).toBe(80);
    expect(config.holdout.share).toBe(0.1);
    expect(config.rules.RECENTLY_PURCHASED).toEqual({ severity: "ERROR", enabled: true, days: 60 });
    const errors = AUDIT_RULE_CODES.filter((code) => config.rules[code].severity === "ERROR");
    expect(errors).toHaveLength(14);
  });

  it("rejects unknown keys, unknown codes in groups, a code in two groups and a bad severity", () => {
    const base = shippedAuditConfig();
    const issues = (document: unknown) =>
      auditConfigSchema.safeParse(document).error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.code}`);
    expect(issues({ ...base, extra: 1 })).toEqual([": unrecognized_keys"]);
    expect(issues({ ...base, rules: { ...base.rules, LOW_DATA: { severity: "FATAL", max_orders: 1 } } })).toEqual([
      "rules.LOW_DATA.severity: invalid_value",
    ]);
    expect(issues({ ...base, score: { ...base.score, warning_groups: { thin: ["NOPE"] } } })).toEqual([
      "score.warning_groups.thin.0: invalid_value",
    ]);
    expect(issues({ ...base, score: { ...base.score, warning_groups: { a: ["LOW_DATA"], b: ["LOW_DATA"] } } })).toEqual([
      "score.warning_groups.b: custom",
    ]);
    expect(issues(parseYaml("rules: {}"))?.length).toBeGreaterThan(0);
  });
});
