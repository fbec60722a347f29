import { readFileSync, rmSync } from "node:fs";
import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "@crm-reco/core";
import { generateWinery, loadConfigDir, setLogSink, startLocalStack } from "@crm-reco/pipeline";
import { redriveCommand } from "./commands/redrive";
import { serveCommand } from "./commands/serve";
import { migratedDatabase, runDropLocally } from "./local-run";
import { defaultConfigDir, defaultHome } from "./paths";
import { createProgressPrinter } from "./progress";
import { formatRunSummary } from "./summary";

const USAGE = `crm-reco — winery CSV exports in, audited and explained recommendations out

Usage:
  crm-reco demo [--out DIR] [--customers N] [--seed S]
                                 generate the sample winery, upload it to the local inbox, run, summarise
                                 (starts from a clean .crm-reco/)
  crm-reco run <files…> [--as-of YYYY-MM-DD] [--out DIR]
                                 one run on local CSV files through the same local stack
  crm-reco migrate               apply database migrations (PGlite in .crm-reco/pg, or DATABASE_URL)
  crm-reco serve [--s3-port N] [--sqs-port N]
                                 the long-running local stack: uploads to s3://inbox/<drop>/ start runs
  crm-reco redrive [--sqs-endpoint URL]
                                 move the inbox queue's dead letters back (to the running serve by default)

Environment: DATABASE_URL (PostgreSQL instead of the embedded PGlite), CRM_RECO_HOME (default ./.crm-reco),
CRM_RECO_CONFIG_DIR (default the repository's config/).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      out: { type: "string" },
      "as-of": { type: "string" },
      customers: { type: "string" },
      seed: { type: "string" },
      "s3-port": { type: "string" },
      "sqs-port": { type: "string" },
      "sqs-endpoint": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (!command || command === "help" || values.help) {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  const configDir = defaultConfigDir();
  const home = defaultHome();
  const databaseUrl = process.env.DATABASE_URL || undefined;
  loadConfigDir(configDir); // fail fast, with the readable error, before starting anything

  switch (command) {
    case "migrate": {
      const stack = await startLocalStack({ home, configDir, databaseUrl });
      try {
        await migratedDatabase();
        console.log(`migrations applied (${databaseUrl ? "PostgreSQL" : `PGlite in ${resolve(home, "pg")}`})`);
      } finally {
        await stack.close();
      }
      return 0;
    }
    case "demo": {
      rmSync(home, { recursive: true, force: true });
      const winery = generateWinery({
        ...(values.seed ? { seed: values.seed } : {}),
        ...(values.customers ? { customers: Number(values.customers) } : {}),
      });
      console.log(
        `Sample winery: ${winery.facts.customers} customers, ${winery.facts.products} wines, ${winery.facts.salesLines} sales lines`,
      );
      return runFiles("demo", winery.files, values.out, values["as-of"], { home, configDir, databaseUrl });
    }
    case "run": {
      if (positionals.length === 0) throw new UsageError("run needs at least one file");
      const files = positionals.map((path) => ({ name: basename(path), content: readFileSync(path) }));
      return runFiles("cli", files, values.out, values["as-of"], { home, configDir, databaseUrl });
    }
    case "serve":
      return serveCommand({ home, configDir, databaseUrl, s3Port: values["s3-port"], sqsPort: values["sqs-port"] });
    case "redrive":
      return redriveCommand({ home, sqsEndpoint: values["sqs-endpoint"] });
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

async function runFiles(
  dropKey: string,
  files: Array<{ name: string; content: Buffer }>,
  out: string | undefined,
  asOf: string | undefined,
  where: { home: string; configDir: string; databaseUrl?: string },
): Promise<number> {
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError("--as-of expects YYYY-MM-DD");
  const stack = await startLocalStack(where);
  setLogSink({ file: resolve(stack.paths.logs, "crm-reco.jsonl") });
  try {
    console.log(`Local stack: S3 ${stack.s3.endpoint}, database ${where.databaseUrl ? "PostgreSQL (DATABASE_URL)" : "PGlite (embedded)"}`);
    console.log(`Uploaded ${files.length} file(s) to s3://${stack.buckets.inbox}/${dropKey}/ — running the state machine:`);
    const result = await runDropLocally(stack, where.configDir, {
      dropKey,
      files,
      asOf: asOf ?? null,
      outDir: out ? resolve(out) : undefined,
      onEvent: createProgressPrinter(),
    });
    console.log(formatRunSummary(result));
    return result.status === "SUCCEEDED" ? 0 : 2;
  } finally {
    await stack.close();
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof UsageError) console.error(`crm-reco: ${error.message}`);
    else console.error(error);
    if (error instanceof UsageError) console.error(`\n${USAGE}`);
    process.exit(1);
  },
);
