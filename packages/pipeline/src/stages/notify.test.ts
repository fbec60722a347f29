import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AppConfig, decodeHeaderValue, decodeQuotedPrintable } from "@crm-reco/core";
import type { DatabaseHandle, Gate, Scenario } from "@crm-reco/db";
import { dialectsUnderTest } from "@crm-reco/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutgoingEmail } from "../email/email-sender";
import type { StageContext } from "./context";
import { runNotify } from "./notify";

const RUN = "run-notify-1";
const NOW = new Date("2025-02-01T09:30:00Z");

const config = {
  notifications: {
    sender: "crm-reco@domaine-exemple.fr",
    recipients: ["marketing@domaine-exemple.fr", "cave@domaine-exemple.fr"],
    language: "fr",
    console_url: "http://127.0.0.1:3000/",
    top_flags: 5,
  },
  audit: { gate: { min_score: 80 }, targets: { max_exported_with_error_share: 0, min_contactable_good_score_share: 0.8 } },
} as unknown as AppConfig;

async function seed(handle: DatabaseHandle, runId: string, extra: { failedStage?: string; errorMessage?: string } = {}) {
  await handle.db
    .insertInto("runs")
    .values({
      run_id: runId,
      drop_key: "drop",
      status: extra.failedStage ? "FAILED" : "RUNNING",
      as_of: "2025-01-31",
      config_hash: "cfg",
      input_files: JSON.stringify([]),
      started_at: new Date("2025-02-01T08:00:00Z"),
      failed_stage: extra.failedStage ?? null,
      error_message: extra.errorMessage ?? null,
      summary: JSON.stringify({
        exports: { version: 1, bucket: "exports", prefix: `${runId}/`, files: [{ name: "campaign.csv", key: `${runId}/campaign.csv` }] },
      }),
    })
    .execute();
  await handle.db
    .insertInto("customers")
    .values({
      client_code: "C001",
      prenom: "Bruno",
      nom: "Dupré",
      email: "bruno@example.fr",
      consent: "OPT_IN",
      is_stub: false,
      updated_run: runId,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const audit = (code: string, scenario: string, score: number, gate: string) => ({
    run_id: runId,
    client_code: code,
    scenario: scenario as Scenario,
    audit_score: score,
    errors: 0,
    warnings: 0,
    flags: "",
    gate: gate as Gate,
    gate_reasons: "",
    is_holdout: false,
  });
  await handle.db
    .insertInto("audit_results")
    .values([audit("C001", "REBUY", 100, "EXPORTED"), audit("C002", "REBUY", 70, "EXCLUDED"), audit("C003", "HOLD", 100, "HOLD")])
    .execute();
  await handle.db
    .insertInto("audit_flags")
    .values({ run_id: runId, client_code: "C002", rank: 0, code: "LOW_DATA", severity: "WARN", detail: "bruno@example.fr" })
    .execute();
}

describe.each(dialectsUnderTest())("notify stage on $name", ({ open }) => {
  let handle: DatabaseHandle;
  let outbox: string;

  beforeAll(async () => {
    outbox = mkdtempSync(join(tmpdir(), "crm-reco-outbox-"));
    handle = await open();
  });

  afterAll(async () => {
    await handle?.close();
    rmSync(outbox, { recursive: true, force: true });
  });

  const context = (): Pick<StageContext, "handle" | "config" | "env"> => ({
    handle,
    config,
    env: { CRM_RECO_OUTBOX_DIR: outbox, CRM_RECO_CONFIG_DIR: "config", INBOX_BUCKET: "inbox", EXPORTS_BUCKET: "exports" },
  });

  it("writes the ready-for-review email to the outbox and marks the run SUCCEEDED", async () => {
    await seed(handle, RUN);
    const output = await runNotify(context(), { runId: RUN, outcome: "SUCCEEDED" }, undefined, NOW);
    expect(output).toEqual({ runId: RUN, messageId: `crm-reco.${RUN}.succeeded@domaine-exemple.fr`, recipients: 2 });
    expect(readdirSync(outbox)).toEqual([`${RUN}-SUCCEEDED.eml`]);
    const raw = readFileSync(join(outbox, `${RUN}-SUCCEEDED.eml`), "utf8");
    const head = raw.slice(0, raw.indexOf("\r\n\r\n")).replace(/\r\n /g, " ");
    const subject = /^Subject: (.*)$/m.exec(head)?.[1] ?? "";
    expect(decodeHeaderValue(subject)).toBe(`[crm-reco] Exports prêts pour relecture — run ${RUN}`);
    expect(head).toContain("To: marketing@domaine-exemple.fr, cave@domaine-exemple.fr");
    expect(head).toContain("Date: Sat, 01 Feb 2025 09:30:00 +0000");
    const text = decodeQuotedPrintable(raw);
    expect(text).toContain("Réachat (REBUY) : 2 clients, 1 exporté");
    expect(text).toContain("Clients contactables avec un score d'au moins 80 : 50,0 % (1/2) (objectif ≥ 80,0 %) — NON ATTEINT");
    expect(text).toContain("LOW_DATA (WARN) : 1 client");
    expect(text).toContain(`Fichiers (s3://exports/${RUN}/) :\n  - campaign.csv`);
    expect(text).toContain(`Console de relecture : http://127.0.0.1:3000/runs/${RUN}`);
    // No customer personal data, even when a flag detail carries some.
    expect(raw).not.toMatch(/bruno|Dupré|example\.fr/i);

    const run = await handle.db.selectFrom("runs").select(["status", "finished_at"]).where("run_id", "=", RUN).executeTakeFirstOrThrow();
    expect(run.status).toBe("SUCCEEDED");
    expect(new Date(run.finished_at as Date).toISOString()).toBe(NOW.toISOString());
  });

  it("tells the failed stage and reason, in English when configured, through the given sender", async () => {
    await seed(handle, "run-notify-2", { failedStage: "features", errorMessage: "TypeError: boom" });
    const sent: OutgoingEmail[] = [];
    const sender = {
      send: async (message: OutgoingEmail) => {
        sent.push(message);
        return { messageId: "m-1" };
      },
    };
    const english = { ...config, notifications: { ...config.notifications, language: "en" as const } };
    const output = await runNotify({ ...context(), config: english }, { runId: "run-notify-2", outcome: "FAILED" }, sender, NOW);
    expect(output).toEqual({ runId: "run-notify-2", messageId: "m-1", recipients: 2 });
    expect(sent[0]?.name).toBe("run-notify-2-FAILED");
    const text = decodeQuotedPrintable(sent[0]?.mime ?? "");
    expect(text).toContain("Subject: [crm-reco] Run run-notify-2 failed (stage features)");
    expect(text).toContain("Failed stage: features");
    expect(text).toContain("Reason: TypeError: boom");
    const run = await handle.db.selectFrom("runs").select("status").where("run_id", "=", "run-notify-2").executeTakeFirstOrThrow();
    expect(run.status).toBe("FAILED");
  });

  it("writes the French failure subject to the outbox", async () => {
    await runNotify(context(), { runId: "run-notify-2", outcome: "FAILED" }, undefined, NOW);
    const raw = readFileSync(join(outbox, "run-notify-2-FAILED.eml"), "utf8");
    const subject = /^Subject: (.*(?:\r\n .*)*)/m.exec(raw)?.[1] ?? "";
    expect(decodeHeaderValue(subject.replace(/\r\n /g, " "))).toBe("[crm-reco] Échec du run run-notify-2 (étape features)");
  });

  it("refuses to announce success for an unknown run", async () => {
    await expect(runNotify(context(), { runId: "nope", outcome: "SUCCEEDED" }, undefined, NOW)).rejects.toThrow(/not registered/);
  });
});
