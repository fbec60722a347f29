import type { ParseArgsConfig } from "node:util";

/** What every command gets: parsed flags and the local stack's whereabouts. */
export interface CommandContext {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  home: string;
  configDir: string;
  /** PostgreSQL instead of the embedded PGlite (`DATABASE_URL`). */
  databaseUrl?: string;
}

/** One `crm-reco <name>` command: register it in `commands/index.ts`. */
export interface CliCommand {
  name: string;
  /** `crm-reco <usage>` line and a one-line description, for the help text. */
  usage: string;
  description: string;
  options?: NonNullable<ParseArgsConfig["options"]>;
  run(context: CommandContext): Promise<number>;
}

/** A mistake in how the command was called: printed with the usage text. */
export class UsageError extends Error {}
