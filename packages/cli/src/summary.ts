import { relative } from "node:path";
import type { LocalRunResult } from "./local-run";

const SCENARIOS = ["REBUY", "CROSS_SELL", "UPSELL", "WINBACK", "NURTURE", "HOLD"];
const GATES = ["EXPORTED", "HOLDOUT", "EXCLUDED", "HOLD", "BLOCKED"];

/** Text in the first and (of wider tables) last columns is left-aligned, figures in between right-aligned. */
function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  const last = widths.length - 1;
  const align = (cell: string, column: number) =>
    column === 0 || (column === last && last > 1) ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!);
  return rows.map((row) => `  ${row.map(align).join("  ")}`.trimEnd());
}

function percent(value: unknown): string {
  return typeof value === "number" ? `${(value * 100).toFixed(1)} %` : "n/a";
}

/** The end-of-run summary: counts per stage, scenario mix, gate metrics, export paths, the email. */
export function formatRunSummary(result: LocalRunResult, cwd = process.cwd()): string {
  const report = result.report;
  const lines = [``, `Run ${result.runId}: ${result.status}${report?.asOf ? ` (as of ${report.asOf})` : ""}`];
  if (result.status === "FAILED")
    lines.push(`  failed stage: ${report?.failedStage ?? "?"} — ${report?.errorMessage ?? result.error ?? ""}`);
  if (report) {
    lines.push(``, `Stages`);
    lines.push(
      ...table([
        ["stage", "status", "time", "counts"],
        ...report.stages.map((stage) => [
          stage.stage,
          stage.status,
          `${(stage.durationMs / 1000).toFixed(1)} s`,
          Object.entries(stage.counts)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([name, value]) => `${name}=${value}`)
            .join(" "),
        ]),
      ]),
    );
    lines.push(``, `Scenario mix`);
    lines.push(...table([["scenario", "customers"], ...SCENARIOS.map((name) => [name, String(report.scenarios[name] ?? 0)])]));
    lines.push(``, `Gate`);
    lines.push(...table([["decision", "customers"], ...GATES.map((name) => [name, String(report.gates[name] ?? 0)])]));
    const audit = (report.summary.audit ?? {}) as Record<string, unknown>;
    lines.push(
      ``,
      `Gate metrics`,
      `  exported with an ERROR:                ${percent(audit.exportedWithErrorShare)} (target 0 %)`,
      `  contactable customers with score ≥ 80: ${percent(audit.contactableScoreAtLeast80Share)} (target ≥ 80 %)`,
    );
  }
  if (result.exportFiles.length > 0) {
    lines.push(``, `Exports (${relative(cwd, result.exportDir) || "."})`);
    for (const file of result.exportFiles) lines.push(`  ${relative(cwd, file)}`);
  }
  for (const email of result.emails) lines.push(``, `Email: ${relative(cwd, email)}`);
  return lines.join("\n");
}
