import type { CliCommand } from "../command";
import { benchCommand } from "./bench";
import { consoleCommand } from "./console";
import { convertCdnowCommand } from "./convert-cdnow";
import { demoCommand } from "./demo";
import { eraseCustomerCommand } from "./erase-customer";
import { evaluateCommand } from "./evaluate";
import { exportCustomerCommand } from "./export-customer";
import { migrateCommand } from "./migrate";
import { redriveCli } from "./redrive";
import { runCommand } from "./run";
import { screenshotsCommand } from "./screenshots";
import { serveCli } from "./serve";
import { usersCommand } from "./users";

/** Every `crm-reco` command, in the order the help text lists them. */
export const COMMANDS: CliCommand[] = [
  demoCommand,
  runCommand,
  serveCli,
  redriveCli,
  migrateCommand,
  eraseCustomerCommand,
  exportCustomerCommand,
  benchCommand,
  evaluateCommand,
  convertCdnowCommand,
  consoleCommand,
  usersCommand,
  screenshotsCommand,
];
