import { describe, expect, it } from "vitest";
import { evaluateAuditTargets } from "./audit-targets";

const targets = { maxExportedWithErrorShare: 0, minScore: 80, minContactableGoodScoreShare: 0.8 };

describe("evaluateAuditTargets", () => {
  it("compares each share with its target", () => {
    const [withError, goodScore] = evaluateAuditTargets(
      { exported: 8, exportedWithError: 0, contactable: 12, contactableGoodScore: 9 },
      targets,
    );
    expect(withError).toMatchObject({ code: "EXPORTED_WITH_ERROR_SHARE", value: 0, met: true, comparison: "AT_MOST" });
    expect(goodScore).toMatchObject({ code: "CONTACTABLE_GOOD_SCORE_SHARE", numerator: 9, denominator: 12, value: 0.75, met: false });
  });

  it("fails the invariant on a single exported error and measures nothing without a denominator", () => {
    const [withError, goodScore] = evaluateAuditTargets(
      { exported: 3, exportedWithError: 1, contactable: 0, contactableGoodScore: 0 },
      targets,
    );
    expect(withError).toMatchObject({ value: 0.3333, met: false });
    expect(goodScore).toMatchObject({ value: null, met: true });
  });
});
