import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { type CliCommand, UsageError } from "../command";
import { runFilesWithSummary } from "../run-files";

export const runCommand: CliCommand = {
  name: "run",
  usage: "run <files…> [--as-of YYYY-MM-DD] [--out DIR]",
  description: "one run on local export files through the same local stack (the database in .crm-reco/ is kept)",
  options: { "as-of": { type: "string" }, out: { type: "string" } },
  async run({ values, positionals, home, configDir, databaseUrl }) {
    if (positionals.length === 0) throw new UsageError("run needs at least one file");
    const files = positionals.map((path) => ({ name: basename(path), content: readFileSync(path) }));
    return runFilesWithSummary({
      dropKey: "cli",
      files,
      out: values.out as string | undefined,
      asOf: values["as-of"] as string | undefined,
      home,
      configDir,
      databaseUrl,
    });
  },
};
