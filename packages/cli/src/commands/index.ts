import type { CliCommand } from "../command";
import { benchCommand } from "./bench";
import { demoCommand } from "./demo";
import { migrateCommand } from "./migrate";
import { redriveCli } from "./redrive";
import { runCommand } from "./run";
import { serveCli } from "./serve";

/** Every `crm-reco` command, in the order the help text lists them. */
export const COMMANDS: CliCommand[] = [demoCommand, runCommand, serveCli, redriveCli, migrateCommand, benchCommand];
