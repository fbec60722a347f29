import { tombstoneHash } from "@crm-reco/core";
import { eraseSubjectFromDatabase, loadCustomerAccessData, purgeExpiredStaging, skipErasedStagingRows } from "@crm-reco/db";
import { dialectsUnderTest } from "@crm-reco/db/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { redactPersonalFields } from "../logger";

describe("redaction guard", () => {
  it("blanks personal keys at any depth and masks emails and phones in text", () => {
    expect(
      redactPersonalFields({
        email: "a@b.fr",
        Prénom: "Jo",
        counts: { nom: 3, rows: 2 },
        message: "dup a@b.fr tel 06 12 34 56 78",
        rows: 4,
      }),
    ).toEqual({
      email: "[redacted]",
      Prénom: "[redacted]",
      counts: { nom: "[redacted]", rows: 2 },
      message: "dup [email] tel [phone]",
      rows: 4,
    });
  });
});

describe.each(dialectsUnderTest().map((dialect) => [dialect.name, dialect] as const))("privacy queries on %s", (_name, dialect) => {
  it("skips staged rows whose code or email hashes to a tombstone (SQL twin of tombstoneHash), and purges old staging", async () => {
    const handle = await dialect.open();
    try {
      await sql`INSERT INTO runs (run_id, drop_key, status, config_hash, input_files, started_at)
        VALUES ('r1', 'd', 'RUNNING', 'h', '[]', now()), ('old', 'd', 'FAILED', 'h', '[]', now() - interval '40 days')`.execute(handle.db);
      await sql`INSERT INTO staging_customers (run_id, file_ordinal, line, client_code, email_norm) VALUES
        ('r1', 0, 2, 'C1', 'keep@x.fr'), ('r1', 0, 3, 'C2', 'gone@x.fr'), ('r1', 0, 4, 'C3', NULL), ('old', 0, 2, 'C9', NULL)`.execute(
        handle.db,
      );
      await eraseSubjectFromDatabase(handle, {
        clientCodes: ["C3"],
        emails: ["gone@x.fr"],
        pseudonyms: { C3: "EFFACE-1" },
        tombstones: [
          { hash: tombstoneHash("salt", "CLIENT_CODE", "C3"), kind: "CLIENT_CODE" },
          { hash: tombstoneHash("salt", "EMAIL", "gone@x.fr"), kind: "EMAIL" },
        ],
        isSubjectReject: () => false,
        erasedAt: new Date(),
      });
      // The erasure itself already removed staged rows by code and email: re-stage them as a later import would.
      await sql`INSERT INTO staging_customers (run_id, file_ordinal, line, client_code, email_norm) VALUES
        ('r1', 1, 3, 'C2', 'gone@x.fr'), ('r1', 1, 4, 'C3', NULL)`.execute(handle.db);
      expect(await handle.db.transaction().execute((trx) => skipErasedStagingRows(trx, "r1", "other-salt"))).toBe(0);
      expect(await handle.db.transaction().execute((trx) => skipErasedStagingRows(trx, "r1", "salt"))).toBe(2);
      const left = await sql<{ client_code: string }>`SELECT client_code FROM staging_customers ORDER BY run_id, client_code`.execute(
        handle.db,
      );
      expect(left.rows.map((row) => row.client_code)).toEqual(["C9", "C1"]);
      expect(await purgeExpiredStaging(handle, new Date(Date.now() - 30 * 86_400_000))).toBe(1);
      expect((await loadCustomerAccessData(handle, "C1")).customer).toBeNull();
    } finally {
      await handle.close();
    }
  });
});
