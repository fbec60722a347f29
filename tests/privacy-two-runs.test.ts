import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { normaliseClientCode, splitCsvRecords, stripAccents } from "@crm-reco/core";
import { recordApprovalContacts } from "@crm-reco/db";
import { generateWinery, setLogSink } from "@crm-reco/pipeline";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eraseOnLocalStack } from "../packages/cli/src/commands/erase-customer";
import { dumpDatabase, dumpExportsBucket, dumpFolder, type MultiRunStack, startMultiRunStack } from "./privacy-stack";

const winery = generateWinery({ customers: 150, seed: "privacy" });

interface Person {
  code: string;
  nom: string;
  prenom: string;
  email: string;
  phone: string;
}

/** The generated customers, read back from clients.csv (Windows-1252) as a person would see them. */
function generatedPeople(): Person[] {
  const file = winery.files.find((candidate) => candidate.name === "clients.csv")!;
  const { records } = splitCsvRecords(new TextDecoder("windows-1252").decode(file.content));
  return records.slice(1).map(({ cells }) => ({
    code: normaliseClientCode(cells[0] ?? "") ?? "",
    nom: (cells[1] ?? "").trim(),
    prenom: (cells[2] ?? "").trim(),
    email: (cells[3] ?? "").trim().toLowerCase(),
    phone: (cells[4] ?? "").trim(),
  }));
}

const comparable = (text: string) => stripAccents(text).toLowerCase();
const digitsPattern = (phone: string) => new RegExp(`(?<!\\d)${phone.replace(/\D/g, "").split("").join("[\\s.-]*")}(?!\\d)`);

/** Where the person's name, email or phone still appears in `text` (empty when erased everywhere). */
function traces(text: string, person: Person): string[] {
  const found: string[] = [];
  const lower = comparable(text);
  if (person.email && lower.includes(person.email)) found.push("email");
  if (person.phone.replace(/\D/g, "").length >= 6 && digitsPattern(person.phone).test(text)) found.push("phone");
  const name = new RegExp(`(^|[^a-z])${comparable(person.nom).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^a-z])`);
  if (person.nom && name.test(lower)) found.push("name");
  return found;
}

describe("privacy across runs on one local stack", () => {
  let env: MultiRunStack;
  const logLines: string[] = [];
  const people = generatedPeople();
  let run1 = "";
  let run2 = "";
  let approved: string[] = [];

  beforeAll(async () => {
    setLogSink((line) => logLines.push(line));
    env = await startMultiRunStack("privacy-two-runs");
    const first = await env.run({ dropKey: "week1", files: winery.files });
    expect(first.status).toBe("SUCCEEDED");
    run1 = first.runId;
    // The console's approval of run 1: a contact for every EXPORTED customer, dated the run's as-of day.
    const asOf = first.report!.asOf!;
    approved = (
      await sql<{ client_code: string }>`
        SELECT client_code FROM audit_results WHERE run_id = ${run1} AND gate = 'EXPORTED' ORDER BY client_code COLLATE "C"`.execute(
        env.handle.db,
      )
    ).rows.map((row) => row.client_code);
    expect(await recordApprovalContacts(env.handle, run1, asOf)).toBe(approved.length);
    expect(await recordApprovalContacts(env.handle, run1, asOf)).toBe(0);
    const second = await env.run({ dropKey: "week2", files: winery.files });
    expect(second.status).toBe("SUCCEEDED");
    run2 = second.runId;
  }, 120_000);

  afterAll(async () => {
    setLogSink("silent");
    await env?.close();
  });

  it("holds in run 2 (SILENCE_WINDOW) every customer an approved campaign of run 1 contacted", async () => {
    expect(approved.length).toBeGreaterThan(5);
    const { rows } = await sql<{ client_code: string; scenario: string; reason: string }>`
      SELECT client_code, scenario, reason FROM customer_scenarios
      WHERE run_id = ${run2} AND client_code = ANY (${approved}::text[]) ORDER BY client_code COLLATE "C"`.execute(env.handle.db);
    expect(rows).toHaveLength(approved.length);
    for (const row of rows) expect([row.client_code, row.scenario, row.reason]).toEqual([row.client_code, "HOLD", "SILENCE_WINDOW"]);
    const gates = await sql<{ gate: string }>`
      SELECT DISTINCT gate FROM audit_results WHERE run_id = ${run2} AND client_code = ANY (${approved}::text[])`.execute(env.handle.db);
    expect(gates.rows.map((row) => row.gate)).toEqual(["HOLD"]);
  });

  it("logs none of the generated customers' emails, names or phones", () => {
    expect(logLines.length).toBeGreaterThan(10);
    const logs = logLines.join("\n");
    const leaks = people.flatMap((person) =>
      traces(logs, { ...person, nom: person.nom.length >= 4 ? person.nom : "" }).map((kind) => `${person.code}:${kind}`),
    );
    expect(leaks).toEqual([]);
  });

  it("erases a customer of both runs everywhere, and a later import does not bring them back", async () => {
    // Someone exported in run 1, with a name that no one else (and no wine) carries, so a trace is theirs.
    const dumpBefore = comparable(await dumpDatabase(env.handle));
    const person = people.find(
      (candidate) =>
        approved.includes(candidate.code) &&
        candidate.email !== "" &&
        candidate.phone.replace(/\D/g, "").length >= 9 &&
        people.filter((other) => comparable(other.nom) === comparable(candidate.nom)).length === 1 &&
        dumpBefore.split(comparable(candidate.nom)).length - 1 <= 4,
    )!;
    expect(person).toBeDefined();
    const outbox = env.stack.paths.outbox;
    // A message that did quote the person (say, forwarded by hand into the outbox) must go too; run emails stay.
    writeFileSync(
      join(outbox, "forwarded.eml"),
      `Subject: question\r\n\r\nBonjour, ${person.prenom} ${person.nom} <${person.email}> a écrit.\r\n`,
    );
    const everywhereBefore = [await dumpDatabase(env.handle), await dumpExportsBucket(env.stack), dumpFolder(env.stack.paths.exports)];
    for (const text of everywhereBefore) expect(traces(text, person)).not.toEqual([]);

    const report = await eraseOnLocalStack(env.stack, person.email.toUpperCase());
    expect(report.customers).toBeGreaterThanOrEqual(1);
    expect(report.rewrittenRuns).toEqual([run1, run2].sort());
    expect(report.removedOutboxMessages).toBe(1);
    expect(report.database.salesLines).toBeGreaterThan(0);

    const dumps = {
      database: await dumpDatabase(env.handle),
      bucket: await dumpExportsBucket(env.stack),
      mirror: dumpFolder(env.stack.paths.exports),
      outbox: dumpFolder(outbox),
    };
    for (const [where, text] of Object.entries(dumps)) expect([where, traces(text, person)]).toEqual([where, []]);
    expect(dumps.outbox).toContain(`${run1}-SUCCEEDED`);
    expect(dumps.database).not.toContain(`(${person.code},`);
    // Aggregates stay: the sales lines are kept under a pseudonym; a new export version is recorded per run.
    const versions = await sql<{ run_id: string; version: number }>`
      SELECT run_id, max(version) AS version FROM export_files GROUP BY run_id ORDER BY run_id COLLATE "C"`.execute(env.handle.db);
    expect(versions.rows.map((row) => Number(row.version))).toEqual([2, 2]);

    // The same files again are skipped as duplicates; the same exports re-saved (new bytes) pass the tombstones.
    const resaved = winery.files.map((file) => ({ name: file.name, content: Buffer.concat([file.content, Buffer.from("\r\n")]) }));
    const third = await env.run({ dropKey: "week3", files: resaved });
    expect(third.status).toBe("SUCCEEDED");
    const ingest = third.report!.stages.find((stage) => stage.stage === "ingest")!;
    expect(ingest.counts.erasedSkipped).toBeGreaterThan(0);
    expect(ingest.counts.filesSkipped).toBe(0);
    const after = [
      await dumpDatabase(env.handle),
      await dumpExportsBucket(env.stack),
      dumpFolder(env.stack.paths.exports),
      dumpFolder(outbox),
    ];
    for (const text of after) expect(traces(text, person)).toEqual([]);
    const codes = await sql<{ n: number }>`SELECT count(*) AS n FROM customers WHERE client_code = ${person.code}`.execute(env.handle.db);
    expect(Number(codes.rows[0]!.n)).toBe(0);
    expect(logLines.join("\n")).not.toContain(person.email);
  }, 120_000);
});
