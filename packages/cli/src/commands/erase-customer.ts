import {
  type EraseCustomerReport,
  eraseCustomer,
  getStageContext,
  type LocalStack,
  resolveErasureSalt,
  startLocalStack,
} from "@crm-reco/pipeline";
import { type CliCommand, UsageError } from "../command";
import { migratedDatabase } from "../local-run";

/**
 * Erases one person on a started local stack (database, exports bucket, outbox), then refreshes the plain-file
 * copies of the rewritten runs in `<home>/exports/<runId>/`.
 */
export async function eraseOnLocalStack(stack: LocalStack, reference: string): Promise<EraseCustomerReport> {
  const handle = await migratedDatabase();
  const context = await getStageContext();
  const report = await eraseCustomer({
    handle,
    s3: context.s3,
    exportsBucket: context.buckets.exports,
    outboxDir: stack.paths.outbox,
    salt: resolveErasureSalt(),
    reference,
  });
  for (const runId of report.rewrittenRuns) await stack.mirrorExports(runId);
  return report;
}

export const eraseCustomerCommand: CliCommand = {
  name: "erase-customer",
  usage: "erase-customer <client_code|email>",
  description: "RGPD erasure: remove a person from the database, past exports and outbox; later imports skip them",
  async run({ positionals, home, configDir, databaseUrl }) {
    if (positionals.length !== 1) throw new UsageError("erase-customer needs exactly one client code or email");
    const stack = await startLocalStack({ home, configDir, databaseUrl });
    try {
      const report = await eraseOnLocalStack(stack, positionals[0] as string);
      console.log(
        [
          `Erased: ${report.customers} customer record(s); ${report.database.salesLines} sales line(s) and ${report.database.ledgerEntries} ledger entr(ies) kept as anonymous aggregates.`,
          `Deleted rows: ${
            Object.entries(report.database.deleted)
              .filter(([, count]) => count > 0)
              .map(([table, count]) => `${table} ${count}`)
              .join(", ") || "none"
          }; rejects ${report.database.rejects}.`,
          `Exports: ${report.removedExportRows} row(s) removed from ${report.rewrittenObjects} object(s) of ${report.rewrittenRuns.length} run(s) (new manifest and export version each)` +
            (report.versioningSupported
              ? `; ${report.deletedObjectVersions} older object version(s) deleted.`
              : "; the local S3 server keeps no object versions."),
          `Outbox messages removed: ${report.removedOutboxMessages}.`,
          "Copies made elsewhere (--out folders, downloads, Brevo/Mailchimp lists) must be cleaned by hand; raw inbox files expire after retention.inbox_days.",
        ].join("\n"),
      );
    } finally {
      await stack.close();
    }
    return 0;
  },
};
