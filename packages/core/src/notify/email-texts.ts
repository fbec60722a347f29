import type { AuditMetricCode } from "../export/audit-targets";

export type EmailLanguage = "fr" | "en";

export interface EmailTexts {
  subjectReady(runId: string): string;
  subjectFailed(runId: string, stage: string | null): string;
  greeting: string;
  ready(runId: string, asOf: string): string;
  readyForReview: string;
  scenariosTitle: string;
  scenarioLine(label: string, customers: number, exported: number): string;
  gatesTitle: string;
  gateLine(label: string, customers: number): string;
  metricsTitle: string;
  metric: Record<AuditMetricCode, string>;
  metricLine(label: string, value: string, target: string, met: boolean): string;
  notMeasured: string;
  flagsTitle: string;
  noFlags: string;
  flagLine(code: string, severity: string, customers: number): string;
  filesTitle(location: string): string;
  console(url: string): string;
  failed(runId: string, asOf: string | null): string;
  failedStage(stage: string | null): string;
  failedReason(reason: string | null): string;
  failedAdvice: string;
  signature: string;
  scenarios: Record<string, string>;
  gates: Record<string, string>;
  percent(share: number): string;
  date(iso: string): string;
  outcomesTitle: string;
  outcomeRun(runId: string, exportDate: string, windowDays: number, complete: boolean): string;
  outcomeMetric: Record<string, string>;
  outcomeVerdict: Record<string, string>;
  /** `value` and `interval` are already formatted (points or euros). */
  outcomeLine(metric: string, uplift: string, interval: string | null, verdict: string, needed: number | null): string;
  outcomesDetail: string;
  points(share: number): string;
  euros(amount: number): string;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** French first (the winery's language); every user-facing text also has its English variant. */
export const EMAIL_TEXTS: Record<EmailLanguage, EmailTexts> = {
  fr: {
    subjectReady: (runId) => `[crm-reco] Exports prêts pour relecture — run ${runId}`,
    subjectFailed: (runId, stage) => `[crm-reco] Échec du run ${runId}${stage ? ` (étape ${stage})` : ""}`,
    greeting: "Bonjour,",
    ready: (runId, asOf) => `Les exports du run ${runId} (données au ${asOf}) sont prêts pour relecture.`,
    readyForReview:
      "Prêt pour relecture : rien n'est envoyé aux clients avant l'approbation dans la console (contrôle par échantillon, blocages éventuels, puis approbation).",
    scenariosTitle: "Clients par scénario :",
    scenarioLine: (label, customers, exported) =>
      `${label} : ${customers} ${plural(customers, "client", "clients")}, ${exported} ${plural(exported, "exporté", "exportés")}`,
    gatesTitle: "Décisions du contrôle :",
    gateLine: (label, customers) => `${label} : ${customers}`,
    metricsTitle: "Indicateurs du contrôle (objectifs) :",
    metric: {
      EXPORTED_WITH_ERROR_SHARE: "Clients exportés avec une erreur",
      CONTACTABLE_GOOD_SCORE_SHARE: "Clients contactables avec un score d'au moins",
    },
    metricLine: (label, value, target, met) => `${label} : ${value} (objectif ${target}) — ${met ? "atteint" : "NON ATTEINT"}`,
    notMeasured: "non mesuré",
    flagsTitle: "Alertes les plus fréquentes :",
    noFlags: "aucune alerte",
    flagLine: (code, severity, customers) => `${code} (${severity}) : ${customers} ${plural(customers, "client", "clients")}`,
    filesTitle: (location) => `Fichiers (${location}) :`,
    console: (url) => `Console de relecture : ${url}`,
    failed: (runId, asOf) => `Le run ${runId}${asOf ? ` (données au ${asOf})` : ""} a échoué.`,
    failedStage: (stage) => `Étape en échec : ${stage ?? "inconnue"}`,
    failedReason: (reason) => `Motif : ${reason ?? "non renseigné"}`,
    failedAdvice:
      "Aucun export de ce run ne doit être utilisé. Corrigez la cause (fichier, configuration) puis relancez le run depuis la console ou la ligne de commande.",
    signature: "— crm-reco",
    scenarios: {
      HOLD: "En attente (HOLD)",
      WINBACK: "Reconquête (WINBACK)",
      REBUY: "Réachat (REBUY)",
      UPSELL: "Montée en gamme (UPSELL)",
      CROSS_SELL: "Vente croisée (CROSS_SELL)",
      NURTURE: "Découverte (NURTURE)",
    },
    gates: {
      EXPORTED: "Exportés",
      EXCLUDED: "Exclus",
      HOLD: "Non contactables (HOLD)",
      HOLDOUT: "Groupe témoin",
      BLOCKED: "Bloqués par un relecteur",
    },
    percent: (share) => `${(Math.round(share * 1000) / 10).toFixed(1).replace(".", ",")} %`,
    date: (iso) => iso.split("-").reverse().join("/"),
    outcomesTitle: "Résultats des campagnes précédentes (campagne − groupe témoin, tous scénarios, IC 95 %) :",
    outcomeRun: (runId, exportDate, days, complete) =>
      `Run ${runId}, export du ${exportDate}, ${days} j de données${complete ? " (fenêtre complète)" : " (fenêtre en cours)"}`,
    outcomeMetric: { REACTIVATION: "réactivation", CONVERSION: "achat d'un vin recommandé", REVENUE_PER_CUSTOMER: "CA HT par client" },
    outcomeVerdict: {
      SIGNIFICANT_GAIN: "hausse significative",
      SIGNIFICANT_LOSS: "baisse significative",
      INCONCLUSIVE: "non concluant",
      NOT_MEASURABLE: "non mesurable",
    },
    outcomeLine: (metric, uplift, interval, verdict, needed) =>
      `${metric} : ${uplift}${interval ? ` [${interval}]` : ""} — ${verdict}${needed !== null ? ` (effectif nécessaire : ${needed} par groupe)` : ""}`,
    outcomesDetail: "Détail par scénario : outcomes.csv.",
    points: (share) => `${share >= 0 ? "+" : "−"}${(Math.round(Math.abs(share) * 1000) / 10).toFixed(1).replace(".", ",")} pts`,
    euros: (amount) => `${amount >= 0 ? "+" : "−"}${Math.abs(amount).toFixed(2).replace(".", ",")} €`,
  },
  en: {
    subjectReady: (runId) => `[crm-reco] Exports ready for review — run ${runId}`,
    subjectFailed: (runId, stage) => `[crm-reco] Run ${runId} failed${stage ? ` (stage ${stage})` : ""}`,
    greeting: "Hello,",
    ready: (runId, asOf) => `The exports of run ${runId} (data as of ${asOf}) are ready for review.`,
    readyForReview:
      "Ready for review: nothing is sent to customers before approval in the console (spot-check, optional blocks, then approval).",
    scenariosTitle: "Customers per scenario:",
    scenarioLine: (label, customers, exported) =>
      `${label}: ${customers} ${plural(customers, "customer", "customers")}, ${exported} exported`,
    gatesTitle: "Audit decisions:",
    gateLine: (label, customers) => `${label}: ${customers}`,
    metricsTitle: "Audit metrics (targets):",
    metric: {
      EXPORTED_WITH_ERROR_SHARE: "Exported customers with an error",
      CONTACTABLE_GOOD_SCORE_SHARE: "Contactable customers with a score of at least",
    },
    metricLine: (label, value, target, met) => `${label}: ${value} (target ${target}) — ${met ? "met" : "NOT MET"}`,
    notMeasured: "not measured",
    flagsTitle: "Most frequent flags:",
    noFlags: "no flags",
    flagLine: (code, severity, customers) => `${code} (${severity}): ${customers} ${plural(customers, "customer", "customers")}`,
    filesTitle: (location) => `Files (${location}):`,
    console: (url) => `Review console: ${url}`,
    failed: (runId, asOf) => `Run ${runId}${asOf ? ` (data as of ${asOf})` : ""} failed.`,
    failedStage: (stage) => `Failed stage: ${stage ?? "unknown"}`,
    failedReason: (reason) => `Reason: ${reason ?? "not recorded"}`,
    failedAdvice:
      "Do not use any export of this run. Fix the cause (file, configuration) and re-run it from the console or the command line.",
    signature: "— crm-reco",
    scenarios: {
      HOLD: "On hold (HOLD)",
      WINBACK: "Win-back (WINBACK)",
      REBUY: "Rebuy (REBUY)",
      UPSELL: "Upsell (UPSELL)",
      CROSS_SELL: "Cross-sell (CROSS_SELL)",
      NURTURE: "Nurture (NURTURE)",
    },
    gates: {
      EXPORTED: "Exported",
      EXCLUDED: "Excluded",
      HOLD: "Not contactable (HOLD)",
      HOLDOUT: "Holdout group",
      BLOCKED: "Blocked by a reviewer",
    },
    percent: (share) => `${(Math.round(share * 1000) / 10).toFixed(1)}%`,
    date: (iso) => iso,
    outcomesTitle: "Results of earlier campaigns (campaign − holdout, all scenarios, 95% CI):",
    outcomeRun: (runId, exportDate, days, complete) =>
      `Run ${runId}, exported ${exportDate}, ${days} days of data${complete ? " (full window)" : " (window still open)"}`,
    outcomeMetric: {
      REACTIVATION: "reactivation",
      CONVERSION: "bought a recommended wine",
      REVENUE_PER_CUSTOMER: "revenue excl. VAT per customer",
    },
    outcomeVerdict: {
      SIGNIFICANT_GAIN: "significant gain",
      SIGNIFICANT_LOSS: "significant loss",
      INCONCLUSIVE: "inconclusive",
      NOT_MEASURABLE: "not measurable",
    },
    outcomeLine: (metric, uplift, interval, verdict, needed) =>
      `${metric}: ${uplift}${interval ? ` [${interval}]` : ""} — ${verdict}${needed !== null ? ` (customers needed: ${needed} per group)` : ""}`,
    outcomesDetail: "Per scenario: outcomes.csv.",
    points: (share) => `${share >= 0 ? "+" : "−"}${(Math.round(Math.abs(share) * 1000) / 10).toFixed(1)} pts`,
    euros: (amount) => `${amount >= 0 ? "+" : "−"}€${Math.abs(amount).toFixed(2)}`,
  },
};
