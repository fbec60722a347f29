import { parseArgs } from "node:util";
import { ConfigError } from "@crm-reco/core";
import { loadConfigDir } from "@crm-reco/pipeline";
import { UsageError } from "./command";
import { COMMANDS } from "./commands";
import { defaultConfigDir, defaultHome } from "./paths";

function usage(): string {
  return [
    "crm-reco — winery CSV exports in, audited and explained recommendations out",
    "",
    "Usage:",
    ...COMMANDS.map((command) => `  crm-reco ${command.usage}\n      ${command.description}`),
    "",
    "Environment: DATABASE_URL (PostgreSQL instead of the embedded PGlite), CRM_RECO_HOME (default ./.crm-reco),",
    "CRM_RECO_CONFIG_DIR (default the repository's config/).",
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    console.log(usage());
    return name ? 0 : 1;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) throw new UsageError(`unknown command "${name}"`);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { ...command.options, help: { type: "boolean", short: "h" } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.values.help) {
    console.log(`crm-reco ${command.usage}\n  ${command.description}`);
    return 0;
  }
  const configDir = defaultConfigDir();
  loadConfigDir(configDir); // fail fast, with the readable error, before starting anything
  return command.run({
    values: parsed.values as Record<string, string | boolean | undefined>,
    positionals: parsed.positionals,
    home: defaultHome(),
    configDir,
    databaseUrl: process.env.DATABASE_URL || undefined,
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof UsageError) console.error(`crm-reco: ${error.message}`);
    else console.error(error);
    if (error instanceof UsageError) console.error(`\n${usage()}`);
    process.exit(1);
  },
);
