import { describe, expect, it } from "vitest";
import type { CustomerAudit } from "./audit-customer";
import { shippedAuditConfig } from "./audit-fixtures";
import { summariseAudit } from "./audit-metrics";

function audit(
  clientCode: string,
  scenario: string,
  gate: CustomerAudit["gate"],
  score: number,
  flags: CustomerAudit["flags"] = [],
): CustomerAudit {
  const codes = [...new Set(flags.map((flag) => flag.code))];
  const errors = new Set(flags.filter((flag) => flag.severity === "ERROR").map((flag) => flag.code)).size;
  return {
    clientCode,
    scenario,
    flags,
    codes,
    errors,
    warnings: codes.length - errors,
    score,
    gate,
    gateReasons: [],
    isHoldout: gate === "HOLDOUT",
  };
}

describe("audit run metrics", () => {
  it("computes the gate targets, counts per scenario and gate, and flags per rule", () => {
    const metrics = summariseAudit(
      [
        audit("C1", "REBUY", "EXPORTED", 100),
        audit("C2", "REBUY", "EXPORTED", 90, [{ code: "LOW_DATA", severity: "WARN", rank: 0, detail: null }]),
        audit("C3", "NURTURE", "HOLDOUT", 80),
        audit("C4", "NURTURE", "EXCLUDED", 20, [
          { code: "OUT_OF_STOCK", severity: "ERROR", rank: 1, detail: null },
          { code: "OUT_OF_STOCK", severity: "ERROR", rank: 2, detail: null },
          { code: "MINOR", severity: "ERROR", rank: 0, detail: null },
        ]),
        audit("C5", "HOLD", "HOLD", 60, [{ code: "NO_CONSENT", severity: "ERROR", rank: 0, detail: null }]),
      ],
      shippedAuditConfig(),
    );
    expect(metrics).toMatchObject({
      customers: 5,
      contactable: 4,
      exported: 2,
      exportedWithError: 0,
      exportedWithErrorShare: 0,
      contactableGoodScore: 3,
      contactableScoreAtLeast80Share: 0.75,
      targets: { maxExportedWithErrorShare: 0, minScore: 80, minContactableGoodScoreShare: 0.8 },
      targetsMet: { exportedWithError: true, contactableGoodScore: false },
      byScenario: { HOLD: 1, NURTURE: 2, REBUY: 2 },
      byGate: { EXPORTED: 2, HOLDOUT: 1, EXCLUDED: 1, HOLD: 1, BLOCKED: 0 },
    });
    expect(metrics.flagsByRule.OUT_OF_STOCK).toEqual({ severity: "ERROR", customers: 1, flags: 2 });
    expect(metrics.flagsByRule.LOW_DATA).toEqual({ severity: "WARN", customers: 1, flags: 1 });
    expect(metrics.flagsByRule.SUPPRESSED).toEqual({ severity: "ERROR", customers: 0, flags: 0 });
    expect(Object.keys(metrics.flagsByRule)[0]).toBe("NO_CONSENT");
  });

  it("has no contactable share and a zero exported-with-error share for an empty run", () => {
    const metrics = summariseAudit([], shippedAuditConfig());
    expect(metrics).toMatchObject({ customers: 0, exportedWithErrorShare: 0, contactableScoreAtLeast80Share: null });
    expect(metrics.targetsMet).toEqual({ exportedWithError: true, contactableGoodScore: true });
  });
});
