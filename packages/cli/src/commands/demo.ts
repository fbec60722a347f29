import { rmSync } from "node:fs";
import { generateWinery } from "@crm-reco/pipeline";
import type { CliCommand } from "../command";
import { runFilesWithSummary } from "../run-files";

export const demoCommand: CliCommand = {
  name: "demo",
  usage: "demo [--customers N] [--seed S] [--as-of YYYY-MM-DD] [--out DIR]",
  description: "generate the sample winery, upload it to the local inbox, run, summarise (starts from a clean .crm-reco/)",
  options: { customers: { type: "string" }, seed: { type: "string" }, "as-of": { type: "string" }, out: { type: "string" } },
  async run({ values, home, configDir, databaseUrl }) {
    rmSync(home, { recursive: true, force: true });
    const winery = generateWinery({
      ...(values.seed ? { seed: String(values.seed) } : {}),
      ...(values.customers ? { customers: Number(values.customers) } : {}),
    });
    console.log(
      `Sample winery: ${winery.facts.customers} customers, ${winery.facts.products} wines, ${winery.facts.salesLines} sales lines`,
    );
    return runFilesWithSummary({
      dropKey: "demo",
      files: winery.files,
      out: values.out as string | undefined,
      asOf: values["as-of"] as string | undefined,
      home,
      configDir,
      databaseUrl,
    });
  },
};
