import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { formatEvaluationTable } from "@crm-reco/core";
import { type EvaluationReport, evaluateRecommender, generateWinery } from "@crm-reco/pipeline";
import { type CliCommand, UsageError } from "../command";

function positiveInteger(value: string | boolean | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new UsageError(`${flag} expects a positive integer`);
  return parsed;
}

/** The report as printed: dates, counts, then one table per variant. */
export function formatEvaluationReport(report: EvaluationReport): string {
  const lines = [
    `Hidden window: ${report.months} month(s), purchases after ${report.cutoff} up to ${report.asOf}; ` +
      `${report.hiddenBuyers} customers bought in it. Recommendations as of ${report.cutoff}.`,
  ];
  for (const variant of report.variants) {
    const scenarios = Object.entries(variant.scenarios)
      .map(([name, count]) => `${name} ${count}`)
      .join(", ");
    lines.push(
      "",
      `${variant.name} — ${variant.description}`,
      `scenarios at the cut-off: ${scenarios}`,
      formatEvaluationTable(variant.summary),
    );
  }
  lines.push(
    "",
    "customers = evaluated customers (a purchase in the hidden window and a recommendation); hit = bought ≥ 1 listed article",
    "(cuvée: any vintage of a listed cuvée); prec = hits / k; coverage = distinct listed articles / recommendable articles;",
    "families = distinct families per list.",
  );
  return lines.join("\n");
}

export const evaluateCommand: CliCommand = {
  name: "evaluate",
  usage: "evaluate [--months N] [--customers N] [--seed S] [--as-of YYYY-MM-DD] [--files <files…>]",
  description:
    "offline evaluation: hide the last N months (default 6), recommend from the rest, compare hit-rate@3 with two baselines (demo winery unless --files)",
  options: {
    months: { type: "string" },
    customers: { type: "string" },
    seed: { type: "string" },
    "as-of": { type: "string" },
    files: { type: "string", multiple: true },
  },
  async run({ values, positionals, home, configDir }) {
    const months = positiveInteger(values.months, "--months", 6);
    const asOf = values["as-of"] as string | undefined;
    if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError("--as-of expects YYYY-MM-DD");
    const named = [...((values.files as unknown as string[] | undefined) ?? []), ...positionals];
    let files: { name: string; content: Buffer }[];
    if (named.length > 0) {
      if (values.customers !== undefined || values.seed !== undefined)
        throw new UsageError("--customers and --seed apply to the demo winery, not to --files");
      files = named.map((path) => ({ name: basename(path), content: readFileSync(path) }));
      console.log(`Evaluating on ${files.length} file(s)`);
    } else {
      const winery = generateWinery({
        ...(values.seed ? { seed: String(values.seed) } : {}),
        customers: positiveInteger(values.customers, "--customers", 2000),
      });
      files = winery.files;
      console.log(
        `Evaluating on the demo winery: ${winery.facts.customers} customers, ${winery.facts.products} wines, ${winery.facts.salesLines} sales lines`,
      );
    }
    const report = await evaluateRecommender({
      files,
      months,
      asOf: asOf ?? null,
      workDir: join(home, "evaluate"),
      configDir,
      onProgress: (message) => console.log(`  ${message}`),
    });
    console.log(`\n${formatEvaluationReport(report)}`);
    mkdirSync(home, { recursive: true });
    const target = join(home, "evaluation.json");
    writeFileSync(
      target,
      `${JSON.stringify(report, (_key, value) => (typeof value === "number" && !Number.isInteger(value) ? Number(value.toFixed(6)) : value), 2)}\n`,
    );
    console.log(`\nWrote ${target}`);
    return 0;
  },
};
