import { describe, expect, it } from "vitest";
import { evaluateAuditTargets } from "../export/audit-targets";
import { buildRunEmail, type RunEmailFacts } from "./run-email";

const ready: RunEmailFacts = {
  runId: "run-2025-01",
  outcome: "SUCCEEDED",
  asOf: "2025-01-31",
  scenarios: [
    { scenario: "HOLD", customers: 3, exported: 0 },
    { scenario: "REBUY", customers: 5, exported: 4 },
  ],
  gates: { EXPORTED: 4, HOLD: 3, HOLDOUT: 1 },
  metrics: evaluateAuditTargets(
    { exported: 4, exportedWithError: 0, contactable: 5, contactableGoodScore: 4 },
    { maxExportedWithErrorShare: 0, minScore: 80, minContactableGoodScoreShare: 0.8 },
  ),
  minScore: 80,
  topFlags: [{ code: "BACKFILL_USED", severity: "WARN", customers: 2 }],
  exports: { bucket: "exports", prefix: "run-2025-01/", files: ["campaign.csv", "manifest.json"] },
  runUrl: "http://127.0.0.1:3000/runs/run-2025-01",
  failedStage: null,
  errorMessage: null,
};

const failed: RunEmailFacts = {
  ...ready,
  outcome: "FAILED",
  scenarios: [],
  gates: {},
  exports: null,
  failedStage: "features",
  errorMessage: "TypeError: boom",
};

describe("buildRunEmail", () => {
  it("tells a French reader the exports are ready for review, with counts, targets, flags and files", () => {
    const email = buildRunEmail(ready, "fr");
    expect(email.subject).toBe("[crm-reco] Exports prêts pour relecture — run run-2025-01");
    expect(email.text).toContain("Les exports du run run-2025-01 (données au 31/01/2025) sont prêts pour relecture.");
    expect(email.text).toContain("  - Réachat (REBUY) : 5 clients, 4 exportés");
    expect(email.text).toContain("  - En attente (HOLD) : 3 clients, 0 exportés");
    expect(email.text).toContain("  - Exportés : 4\n  - Groupe témoin : 1\n  - Non contactables (HOLD) : 3");
    expect(email.text).toContain("Clients exportés avec une erreur : 0,0 % (0/4) (objectif ≤ 0,0 %) — atteint");
    expect(email.text).toContain("Clients contactables avec un score d'au moins 80 : 80,0 % (4/5) (objectif ≥ 80,0 %) — atteint");
    expect(email.text).toContain("BACKFILL_USED (WARN) : 2 clients");
    expect(email.text).toContain("Fichiers (s3://exports/run-2025-01/) :\n  - campaign.csv\n  - manifest.json");
    expect(email.text).toContain("Console de relecture : http://127.0.0.1:3000/runs/run-2025-01");
    expect(email.text).toContain("Prêt pour relecture");
    expect(email.html).toContain('<a href="http://127.0.0.1:3000/runs/run-2025-01">');
    expect(email.html).toContain("<li>Réachat (REBUY) : 5 clients, 4 exportés</li>");
    expect(email.html).toContain("d&#39;au moins");
  });

  it("has the English variant", () => {
    const email = buildRunEmail(ready, "en");
    expect(email.subject).toBe("[crm-reco] Exports ready for review — run run-2025-01");
    expect(email.text).toContain("(data as of 2025-01-31) are ready for review.");
    expect(email.text).toContain("  - Rebuy (REBUY): 5 customers, 4 exported");
    expect(email.text).toContain("Contactable customers with a score of at least 80: 80.0% (4/5) (target ≥ 80.0%) — met");
  });

  it("names the failed stage and the reason", () => {
    const fr = buildRunEmail(failed, "fr");
    expect(fr.subject).toBe("[crm-reco] Échec du run run-2025-01 (étape features)");
    expect(fr.text).toContain("Étape en échec : features");
    expect(fr.text).toContain("Motif : TypeError: boom");
    expect(fr.text).not.toContain("Fichiers");
    const en = buildRunEmail({ ...failed, failedStage: null, errorMessage: "x".repeat(900) }, "en");
    expect(en.subject).toBe("[crm-reco] Run run-2025-01 failed");
    expect(en.text).toContain("Failed stage: unknown");
    expect(en.text).toContain(`Reason: ${"x".repeat(499)}…`);
  });
});

describe("run email: outcomes of earlier campaigns", () => {
  const base = {
    evaluatedRunId: "run-0",
    exportDate: "2025-01-31",
    windowDays: 60,
    windowComplete: true,
    scenario: "ALL",
    neededPerGroup: null,
  };
  const facts: RunEmailFacts = {
    runId: "run-1",
    outcome: "SUCCEEDED",
    asOf: "2025-04-01",
    scenarios: [],
    gates: {},
    metrics: [],
    minScore: 80,
    topFlags: [],
    exports: null,
    runUrl: "http://127.0.0.1:3000/runs/run-1",
    failedStage: null,
    errorMessage: null,
    outcomes: [
      { ...base, metric: "CONVERSION", uplift: 0.3125, ciLow: 0.152, ciHigh: 0.41, verdict: "SIGNIFICANT_GAIN" },
      { ...base, metric: "REVENUE_PER_CUSTOMER", uplift: -1.5, ciLow: -6.25, ciHigh: 3.1, verdict: "INCONCLUSIVE", neededPerGroup: 4210 },
      { ...base, scenario: "REBUY", metric: "CONVERSION", uplift: 0.5, ciLow: 0.1, ciHigh: 0.8, verdict: "SIGNIFICANT_GAIN" },
    ],
  };

  it("lists the overall uplift per earlier run with its interval, verdict and the customers needed", () => {
    const fr = buildRunEmail(facts, "fr").text;
    expect(fr).toContain("Run run-0, export du 31/01/2025, 60 j de données (fenêtre complète)");
    expect(fr).toContain("achat d'un vin recommandé : +31,3 pts [+15,2 pts ; +41,0 pts] — hausse significative");
    expect(fr).toContain("CA HT par client : −1,50 € [−6,25 € ; +3,10 €] — non concluant (effectif nécessaire : 4210 par groupe)");
    expect(fr).not.toContain("+50,0 pts");
    const en = buildRunEmail(facts, "en").text;
    expect(en).toContain("bought a recommended wine: +31.3 pts [+15.2 pts ; +41.0 pts] — significant gain");
    expect(en).toContain("inconclusive (customers needed: 4210 per group)");
    expect(buildRunEmail({ ...facts, outcomes: [] }, "fr").text).not.toContain("campagnes précédentes");
  });
});
