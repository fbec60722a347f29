import type { AuditMetric } from "../export/audit-targets";
import { EMAIL_TEXTS, type EmailLanguage, type EmailTexts } from "./email-texts";

/** What the run email says: counts, codes and file keys only — never a customer's personal data. */
export interface RunEmailFacts {
  runId: string;
  outcome: "SUCCEEDED" | "FAILED";
  asOf: string | null;
  scenarios: readonly { scenario: string; customers: number; exported: number }[];
  gates: Readonly<Record<string, number>>;
  metrics: readonly AuditMetric[];
  /** The audit score threshold the CONTACTABLE_GOOD_SCORE_SHARE metric counts from. */
  minScore: number;
  topFlags: readonly { code: string; severity: string; customers: number }[];
  exports: { bucket: string; prefix: string; files: readonly string[] } | null;
  /** Link to the run in the review console. */
  runUrl: string;
  failedStage: string | null;
  errorMessage: string | null;
  /** Outcomes loop rows measured by this run (the email lists the scenario `ALL` rows). */
  outcomes?: readonly RunEmailOutcome[];
}

export interface RunEmailOutcome {
  evaluatedRunId: string;
  exportDate: string;
  windowDays: number;
  windowComplete: boolean;
  scenario: string;
  metric: string;
  uplift: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  verdict: string;
  neededPerGroup: number | null;
}

export interface RunEmail {
  subject: string;
  text: string;
  html: string;
}

type Block = { kind: "paragraph"; text: string } | { kind: "list"; title: string; items: string[] };

const GATE_ORDER = ["EXPORTED", "HOLDOUT", "EXCLUDED", "HOLD", "BLOCKED"];
const MAX_REASON_CHARS = 500;

export function buildRunEmail(facts: RunEmailFacts, language: EmailLanguage): RunEmail {
  const t = EMAIL_TEXTS[language];
  const succeeded = facts.outcome === "SUCCEEDED";
  const subject = succeeded ? t.subjectReady(facts.runId) : t.subjectFailed(facts.runId, facts.failedStage);
  const blocks = succeeded ? readyBlocks(facts, t) : failedBlocks(facts, t);
  return { subject, text: renderText(blocks, t), html: renderHtml(subject, blocks, t) };
}

function readyBlocks(facts: RunEmailFacts, t: EmailTexts): Block[] {
  const asOf = facts.asOf ? t.date(facts.asOf) : "?";
  const blocks: Block[] = [
    { kind: "paragraph", text: t.ready(facts.runId, asOf) },
    {
      kind: "list",
      title: t.scenariosTitle,
      items: facts.scenarios.map((row) => t.scenarioLine(t.scenarios[row.scenario] ?? row.scenario, row.customers, row.exported)),
    },
    {
      kind: "list",
      title: t.gatesTitle,
      items: [...GATE_ORDER, ...Object.keys(facts.gates).filter((gate) => !GATE_ORDER.includes(gate))]
        .filter((gate) => facts.gates[gate] !== undefined)
        .map((gate) => t.gateLine(t.gates[gate] ?? gate, facts.gates[gate] ?? 0)),
    },
    { kind: "list", title: t.metricsTitle, items: facts.metrics.map((metric) => metricLine(metric, facts.minScore, t)) },
    {
      kind: "list",
      title: t.flagsTitle,
      items: facts.topFlags.length > 0 ? facts.topFlags.map((flag) => t.flagLine(flag.code, flag.severity, flag.customers)) : [t.noFlags],
    },
  ];
  blocks.push(...outcomeBlocks(facts.outcomes ?? [], t));
  if (facts.exports) {
    blocks.push({
      kind: "list",
      title: t.filesTitle(`s3://${facts.exports.bucket}/${facts.exports.prefix}`),
      items: [...facts.exports.files],
    });
  }
  blocks.push({ kind: "paragraph", text: t.console(facts.runUrl) }, { kind: "paragraph", text: t.readyForReview });
  return blocks;
}

function outcomeBlocks(outcomes: readonly RunEmailOutcome[], t: EmailTexts): Block[] {
  const overall = outcomes.filter((row) => row.scenario === "ALL");
  if (overall.length === 0) return [];
  const blocks: Block[] = [{ kind: "paragraph", text: t.outcomesTitle }];
  for (const runId of [...new Set(overall.map((row) => row.evaluatedRunId))]) {
    const rows = overall.filter((row) => row.evaluatedRunId === runId);
    const first = rows[0] as RunEmailOutcome;
    blocks.push({
      kind: "list",
      title: t.outcomeRun(runId, t.date(first.exportDate), first.windowDays, first.windowComplete),
      items: rows.map((row) => {
        const format = row.metric === "REVENUE_PER_CUSTOMER" ? t.euros : t.points;
        return t.outcomeLine(
          t.outcomeMetric[row.metric] ?? row.metric,
          row.uplift === null ? "—" : format(row.uplift),
          row.ciLow === null || row.ciHigh === null ? null : `${format(row.ciLow)} ; ${format(row.ciHigh)}`,
          t.outcomeVerdict[row.verdict] ?? row.verdict,
          row.verdict === "INCONCLUSIVE" ? row.neededPerGroup : null,
        );
      }),
    });
  }
  blocks.push({ kind: "paragraph", text: t.outcomesDetail });
  return blocks;
}

function failedBlocks(facts: RunEmailFacts, t: EmailTexts): Block[] {
  const reason = facts.errorMessage === null ? null : truncate(facts.errorMessage, MAX_REASON_CHARS);
  return [
    { kind: "paragraph", text: t.failed(facts.runId, facts.asOf ? t.date(facts.asOf) : null) },
    { kind: "paragraph", text: t.failedStage(facts.failedStage) },
    { kind: "paragraph", text: t.failedReason(reason) },
    { kind: "paragraph", text: t.failedAdvice },
    { kind: "paragraph", text: t.console(facts.runUrl) },
  ];
}

function metricLine(metric: AuditMetric, minScore: number, t: EmailTexts): string {
  const label = metric.code === "CONTACTABLE_GOOD_SCORE_SHARE" ? `${t.metric[metric.code]} ${minScore}` : t.metric[metric.code];
  const value = metric.value === null ? t.notMeasured : `${t.percent(metric.value)} (${metric.numerator}/${metric.denominator})`;
  const target = `${metric.comparison === "AT_MOST" ? "≤" : "≥"} ${t.percent(metric.target)}`;
  return t.metricLine(label, value, target, metric.met);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function renderText(blocks: readonly Block[], t: EmailTexts): string {
  const parts = [t.greeting];
  for (const block of blocks) {
    parts.push(block.kind === "paragraph" ? block.text : [block.title, ...block.items.map((item) => `  - ${item}`)].join("\n"));
  }
  parts.push(t.signature);
  return `${parts.join("\n\n")}\n`;
}

function renderHtml(subject: string, blocks: readonly Block[], t: EmailTexts): string {
  const body = blocks.map((block) =>
    block.kind === "paragraph"
      ? `<p>${linkify(escapeHtml(block.text))}</p>`
      : `<p><strong>${escapeHtml(block.title)}</strong></p>\n<ul>\n${block.items.map((item) => `  <li>${escapeHtml(item)}</li>`).join("\n")}\n</ul>`,
  );
  return [
    "<!DOCTYPE html>",
    `<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.4">',
    `<p>${escapeHtml(t.greeting)}</p>`,
    ...body,
    `<p>${escapeHtml(t.signature)}</p>`,
    "</body></html>",
    "",
  ].join("\n");
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] as string);
}

function linkify(escaped: string): string {
  return escaped.replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
}
