import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { type LocalRunResult, migratedDatabase } from "@crm-reco/cli";
import { generateWinery, Random, WINERY_FILE_HEADERS } from "@crm-reco/pipeline";
import { parse as parseCsv } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { withFreshStack } from "./local-stack";

/**
 * The outcomes loop end to end (DOMAIN §7), on the embedded default: run 1 exports a campaign for a generated
 * winery; run 2 imports later sales in which campaign customers (gate EXPORTED) buy one of their recommended
 * wines with probability `treated` and holdout customers with probability `holdout`. Run 2's features stage
 * measures run 1, its export writes outcomes.csv, its email and run_summary.json show the result.
 */
const winery = generateWinery({ customers: 400, seed: "outcomes-loop" });
const ATTRIBUTION_DAYS = 60;

interface Member {
  clientCode: string;
  gate: "EXPORTED" | "HOLDOUT";
  article: string;
}

function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** ventes.csv as iSaVigne writes it (UTF-8 BOM, `;`, decimal comma, DD/MM/YYYY, CRLF): one 20 € HT line per buyer. */
function laterSales(members: readonly Member[], asOf: string, probabilities: { treated: number; holdout: number }, seed: string): Buffer {
  const random = new Random(seed);
  const lines = [WINERY_FILE_HEADERS["ventes.csv"].join(";")];
  let buyers = 0;
  for (const member of members) {
    if (random.next() >= (member.gate === "EXPORTED" ? probabilities.treated : probabilities.holdout)) continue;
    buyers++;
    const day = 1 + (buyers % ATTRIBUTION_DAYS);
    const date = addDays(asOf, day).split("-").reverse().join("/");
    lines.push(
      [
        member.clientCode,
        date,
        "FACTURE",
        `SUIVI-${seed}-${buyers}`,
        "1",
        member.article,
        "",
        "1",
        "20,00",
        "20,00",
        "24,00",
        "",
        "",
        "",
        "",
      ].join(";"),
    );
  }
  // One line on the last day of the window, so run 2's as-of date closes it.
  const last = members[0]!;
  lines.push(
    [
      last.clientCode,
      addDays(asOf, ATTRIBUTION_DAYS).split("-").reverse().join("/"),
      "AVOIR",
      `SUIVI-${seed}-avoir`,
      "1",
      last.article,
      "",
      "-1",
      "0,01",
      "-0,01",
      "-0,01",
      "",
      "",
      "",
      "",
    ].join(";"),
  );
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join("\r\n")}\r\n`, "utf8")]);
}

/** Run 1's campaign and holdout customers with their first proposed wine, read back from the database. */
async function campaignMembers(runId: string): Promise<{ asOf: string; members: Member[] }> {
  const handle = await migratedDatabase();
  const run = await handle.db.selectFrom("runs").select("as_of").where("run_id", "=", runId).executeTakeFirstOrThrow();
  const rows = await handle.db
    .selectFrom("audit_results as a")
    .innerJoin("recommendations as r", (join) => join.onRef("r.run_id", "=", "a.run_id").onRef("r.client_code", "=", "a.client_code"))
    .select(["a.client_code", "a.gate", "r.article"])
    .where("a.run_id", "=", runId)
    .where("a.gate", "in", ["EXPORTED", "HOLDOUT"])
    .where("r.selected", "=", true)
    .where("r.rank", "=", 1)
    .orderBy("a.client_code")
    .execute();
  return {
    asOf: run.as_of!,
    members: rows.map((row) => ({ clientCode: row.client_code, gate: row.gate as Member["gate"], article: row.article })),
  };
}

function exportFile(result: LocalRunResult, name: string): string {
  const path = result.exportFiles.find((file) => basename(file) === name);
  if (!path) throw new Error(`${name} not exported`);
  return readFileSync(path, "utf8");
}

type OutcomesCsvRow = Record<string, string>;

function outcomesOf(result: LocalRunResult): OutcomesCsvRow[] {
  return parseCsv(exportFile(result, "outcomes.csv"), { delimiter: ";", columns: true }) as OutcomesCsvRow[];
}

/**
 * Three runs on one stack (cheaper than two stacks of two runs): run 1 exports; run 2 brings 60 days of later
 * sales with NO true uplift (campaign and holdout both buy with probability 0.3) and exports its own campaign;
 * run 3 brings the next 60 days with a LARGE true uplift for run 2's campaign (0.5 vs 0.1).
 */
interface LoopRuns {
  runs: LocalRunResult[];
  campaigns: Array<{ asOf: string; members: Member[] }>;
}

describe("the outcomes loop over successive runs", () => {
  let loop: LoopRuns;

  beforeAll(async () => {
    loop = await withFreshStack("outcomes-loop", "pglite", async (run) => {
      const runs = [await run({ dropKey: "semaine-1", files: winery.files })];
      const campaigns = [await campaignMembers(runs[0]!.runId)];
      const steps = [
        { dropKey: "semaine-2", probabilities: { treated: 0.3, holdout: 0.3 } },
        { dropKey: "semaine-3", probabilities: { treated: 0.5, holdout: 0.1 } },
      ];
      for (const step of steps) {
        const previous = campaigns.at(-1)!;
        const sales = laterSales(previous.members, previous.asOf, step.probabilities, step.dropKey);
        const result = await run({ dropKey: step.dropKey, files: [{ name: "ventes.csv", content: sales }] });
        expect(result.error).toBeUndefined();
        runs.push(result);
        campaigns.push(await campaignMembers(result.runId));
      }
      return { runs, campaigns };
    });
  }, 120_000);

  const overall = (rows: OutcomesCsvRow[], evaluated: string, metric: string) =>
    rows.find((row) => row.evaluated_run === evaluated && row.scenario === "ALL" && row.metric === metric)!;

  it("never writes a customer with an ERROR into campaign.csv, on any of the generated runs (read from the files)", () => {
    for (const run of loop.runs) {
      const report = parseCsv(exportFile(run, "audit_report.csv"), { delimiter: ";", columns: true }) as OutcomesCsvRow[];
      const byCode = new Map(report.map((row) => [row.client_code, row]));
      const campaign = parseCsv(exportFile(run, "campaign.csv"), { delimiter: ";", columns: true, bom: true }) as OutcomesCsvRow[];
      expect(campaign.length).toBeGreaterThan(100);
      for (const row of campaign) {
        const audited = byCode.get(row.EXT_ID!);
        expect(audited).toMatchObject({ gate: "EXPORTED", errors: "0" });
        expect(Number(audited!.audit_score)).toBeGreaterThanOrEqual(80);
      }
      const holdout = parseCsv(exportFile(run, "holdout.csv"), { delimiter: ";", columns: true }) as OutcomesCsvRow[];
      const exported = new Set(campaign.map((row) => row.EXT_ID));
      expect(holdout.some((row) => exported.has(row.client_code))).toBe(false);
    }
  });

  it("has nothing to measure on the first run", () => {
    expect(loop.runs.map((run) => run.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
    expect(outcomesOf(loop.runs[0]!)).toEqual([]);
    expect(exportFile(loop.runs[0]!, "outcomes.csv")).toMatch(/^evaluated_run;export_date;window_end;/);
  });

  it("reports a zero true uplift as inconclusive, with the customers that would be needed", () => {
    const [first, second] = loop.runs;
    const { asOf, members } = loop.campaigns[0]!;
    const conversion = overall(outcomesOf(second!), first!.runId, "CONVERSION");
    expect(conversion).toMatchObject({
      export_date: asOf,
      window_end: addDays(asOf, ATTRIBUTION_DAYS),
      window_days: "60",
      window_complete: "true",
      treated_customers: String(members.filter((member) => member.gate === "EXPORTED").length),
      holdout_customers: String(members.filter((member) => member.gate === "HOLDOUT").length),
      verdict: "INCONCLUSIVE",
    });
    expect(Number(conversion.ci95_low)).toBeLessThan(0);
    expect(Number(conversion.ci95_high)).toBeGreaterThan(0);
    expect(Number(conversion.needed_per_group)).toBeGreaterThan(Number(conversion.holdout_customers));
    expect(outcomesOf(second!).every((row) => row.evaluated_run === first!.runId)).toBe(true);
  });

  it("reports a large true uplift of the campaign over the holdout as significant, per scenario and overall", () => {
    const [first, second, third] = loop.runs;
    const { asOf, members } = loop.campaigns[1]!;
    expect(members.filter((member) => member.gate === "HOLDOUT").length).toBeGreaterThanOrEqual(10);
    const rows = outcomesOf(third!);
    // Run 3 measures both earlier runs; run 1's window closed before run 3's sales, so its figures are unchanged.
    expect([...new Set(rows.map((row) => row.evaluated_run))]).toEqual([first!.runId, second!.runId]);
    expect(rows.filter((row) => row.evaluated_run === first!.runId)).toEqual(outcomesOf(second!));

    const conversion = overall(rows, second!.runId, "CONVERSION");
    expect(conversion).toMatchObject({ export_date: asOf, window_complete: "true", verdict: "SIGNIFICANT_GAIN" });
    expect(Number(conversion.uplift)).toBeGreaterThan(0.25);
    expect(Number(conversion.ci95_low)).toBeGreaterThan(0);
    expect(overall(rows, second!.runId, "REACTIVATION").verdict).toBe("SIGNIFICANT_GAIN");
    expect(overall(rows, second!.runId, "REVENUE_PER_CUSTOMER").verdict).toBe("SIGNIFICANT_GAIN");
    expect(new Set(rows.filter((row) => row.evaluated_run === second!.runId).map((row) => row.scenario)).size).toBeGreaterThan(2);

    const summary = JSON.parse(exportFile(third!, "run_summary.json"));
    expect(summary.files).toContain("outcomes.csv");
    expect(
      summary.outcomes.find(
        (row: { evaluatedRunId: string; scenario: string; metric: string }) =>
          row.evaluatedRunId === second!.runId && row.scenario === "ALL" && row.metric === "CONVERSION",
      ),
    ).toMatchObject({ verdict: "SIGNIFICANT_GAIN", windowComplete: true });
    const manifest = JSON.parse(exportFile(third!, "manifest.json"));
    expect(manifest.files.map((file: { name: string }) => file.name)).toContain("outcomes.csv");

    expect(third!.emails.map((file) => basename(file))).toEqual([`${third!.runId}-SUCCEEDED.eml`]);
    const email = readFileSync(third!.emails[0]!, "utf8").replace(/=\r\n/g, "");
    expect(email).toContain(`Run ${second!.runId}`);
    expect(email).toMatch(/hausse significative/);
    expect(email).toMatch(/non concluant/);
  });
});
