import { describe, expect, it } from "vitest";
import type { AuditRuleCode, AuditSeverity } from "../config/audit";
import { shippedAuditConfig } from "./audit-fixtures";
import type { AuditFlag } from "./audit-rules";
import { scoreAudit } from "./audit-score";

const flag = (code: AuditRuleCode, severity: AuditSeverity, rank = 0): AuditFlag => ({ code, severity, rank, detail: null });

describe("audit score", () => {
  const config = shippedAuditConfig();

  it("is 100 without flags", () => {
    expect(scoreAudit([], config)).toEqual({ errors: 0, warnings: 0, warningGroups: 0, score: 100, codes: [], errorCodes: [] });
  });

  it("counts distinct codes: three out-of-stock wines are one error", () => {
    const scored = scoreAudit(
      [flag("OUT_OF_STOCK", "ERROR", 1), flag("OUT_OF_STOCK", "ERROR", 2), flag("OUT_OF_STOCK", "ERROR", 3)],
      config,
    );
    expect(scored).toMatchObject({ errors: 1, score: 60, errorCodes: ["OUT_OF_STOCK"] });
  });

  it("charges a thin-data root cause once: LOW_DATA + LOW_AROMA_CONFIDENCE + BACKFILL_USED cost 10, not 30", () => {
    const scored = scoreAudit([flag("LOW_DATA", "WARN"), flag("LOW_AROMA_CONFIDENCE", "WARN"), flag("BACKFILL_USED", "WARN", 2)], config);
    expect(scored).toMatchObject({ warnings: 3, warningGroups: 1, score: 90 });
  });

  it("charges ungrouped warnings one by one and errors 40 each, floored at 0", () => {
    const warnings = [flag("LOW_DATA", "WARN"), flag("PRICE_JUMP", "WARN", 1), flag("STALE_DATA", "WARN"), flag("MERGED_IDENTITY", "WARN")];
    expect(scoreAudit(warnings, config)).toMatchObject({ warnings: 4, warningGroups: 4, score: 60 });
    const mixed = [flag("NO_CONSENT", "ERROR"), flag("MINOR", "ERROR"), flag("LOW_DATA", "WARN"), flag("BACKFILL_USED", "WARN", 1)];
    expect(scoreAudit(mixed, config)).toMatchObject({ errors: 2, warnings: 2, warningGroups: 1, score: 10 });
    const many = [flag("NO_CONSENT", "ERROR"), flag("MINOR", "ERROR"), flag("SUPPRESSED", "ERROR")];
    expect(scoreAudit(many, config).score).toBe(0);
  });

  it("ignores INFO flags and lists codes in the fixed rule order", () => {
    const scored = scoreAudit([flag("STALE_DATA", "INFO"), flag("LOW_DATA", "WARN"), flag("SUPPRESSED", "ERROR")], config);
    expect(scored).toMatchObject({ errors: 1, warnings: 1, score: 50, codes: ["SUPPRESSED", "LOW_DATA", "STALE_DATA"] });
  });

  it("follows the configured penalties and groups", () => {
    const custom = shippedAuditConfig();
    custom.score = {
      start: 100,
      error_penalty: 25,
      warning_penalty: 5,
      warning_groups: { billing: ["STALE_DATA", "SMALL_OVERDUE_BALANCE"] },
    };
    const scored = scoreAudit(
      [
        flag("MINOR", "ERROR"),
        flag("LOW_DATA", "WARN"),
        flag("BACKFILL_USED", "WARN", 1),
        flag("STALE_DATA", "WARN"),
        flag("SMALL_OVERDUE_BALANCE", "WARN"),
      ],
      custom,
    );
    expect(scored).toMatchObject({ warnings: 4, warningGroups: 3, score: 60 });
  });
});
