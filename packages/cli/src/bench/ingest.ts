import { spawn } from "node:child_process";
import { createReadStream, createWriteStream, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { type AppConfig, mappingsConfigSchema } from "@crm-reco/core";
import { type DatabaseHandle, migrateToLatest, openDatabase } from "@crm-reco/db";
import { createScratchSchema } from "@crm-reco/db/testing";
import { createS3Client, generateWinery, ingest, loadConfigDir, registerIngestRun, startLocalS3 } from "@crm-reco/pipeline";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { parse as parseYaml } from "yaml";
import { defaultConfigDir } from "../paths";
import type { Benchmark } from "./benchmark";

/**
 * End-to-end ingest of ≈ 1,000,000 generated sales lines (local S3 → parse → validate → stage → merge) on
 * PostgreSQL and on PGlite, next to the floor: a bare COPY of the same, already-normalised rows into an
 * unindexed table on PostgreSQL. Each ingest runs in a fresh child process (this file, run by tsx) so that its
 * peak RSS is its own: PGlite's ≈ 1 GB would otherwise hide the PostgreSQL path's. The local S3 server runs in
 * this parent process, as S3 is not inside the Lambda in AWS.
 */
const BUCKET = "inbox";
const KEY = "bench/ventes.csv";
/** The same history exported again a week later, one line longer: a re-import into the loaded table. */
const REEXPORT_KEY = "bench/ventes-semaine-suivante.csv";
const FULL_CUSTOMERS = 115_000;
const QUICK_CUSTOMERS = 5_000;

interface ChildResult {
  seconds: number;
  rows: number;
  rejects: number;
  maxRssMb: number;
  /** CPU time (user + system) of the ingest process during the ingest. */
  cpuSeconds: number;
  /** CPU time every process of the machine used during the ingest (the database included), when Linux tells. */
  machineBusySeconds: number | null;
}

export const ingestBenchmark: Benchmark = {
  name: "ingest",
  description: "≈ 1M generated sales lines through the real ingest, PostgreSQL and PGlite, vs a bare COPY floor",
  async run(context) {
    const customers = Number(process.env.BENCH_INGEST_CUSTOMERS) || (context.quick ? QUICK_CUSTOMERS : FULL_CUSTOMERS);
    const salesFile = join(context.workDir, "ingest-ventes.csv");
    const generated = generateWinery({ customers });
    const sales = generated.files.find((file) => file.name === "ventes.csv");
    if (!sales) throw new Error("the generator wrote no ventes.csv");
    writeFileSync(salesFile, sales.content);
    const lines = generated.facts.salesLines;
    context.print({ name: "sales lines generated", value: lines, unit: "rows" });
    context.print({ name: "sales file size", value: statSync(salesFile).size / 1e6, unit: "MB" });

    const s3Dir = join(context.workDir, "ingest-s3");
    rmSync(s3Dir, { recursive: true, force: true });
    const server = await startLocalS3({ directory: s3Dir, buckets: [BUCKET] });
    const s3 = createS3Client(server.endpoint);
    try {
      await s3.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: createReadStream(salesFile), ContentLength: statSync(salesFile).size }),
      );
      const nextLine = Buffer.from("C00001;02/01/2026;FACTURE;FZ000001;1;CRA20;Domaine des Crais 2020;1;16,58;16,58;19,90;;;;\r\n");
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: REEXPORT_KEY, Body: Buffer.concat([sales.content, nextLine]) }));
      // Ingest and floor take turns, round after round: this machine's speed drifts by a third from one minute to
      // the next, so an ingest is compared with a COPY timed right after it, and the median round is the figure.
      const rounds = context.quick ? 1 : ROUNDS;
      const ingests: ChildResult[] = [];
      const floors: number[] = [];
      for (let round = 0; round < rounds; round++) {
        const scratch = await createScratchSchema(context.postgresUrl);
        try {
          ingests.push(await runChild(["postgres", server.endpoint, scratch.url]));
          floors.push(await measureFloor(scratch.url, context.workDir));
        } finally {
          await scratch.drop();
        }
      }
      const ratios = ingests.map((result, round) => result.seconds / (floors[round] as number));
      for (const [round, result] of ingests.entries()) {
        context.print({
          name: `postgres: round ${round + 1}: ingest ${result.seconds.toFixed(2)} s (${Math.round(result.maxRssMb)} MB), floor ${(floors[round] as number).toFixed(2)} s`,
          value: ratios[round] as number,
          unit: "×",
        });
      }
      const medianRound = ratios.indexOf(median(ratios));
      const typical = ingests[medianRound] as ChildResult;
      context.print({
        name: `postgres: ingest / floor (median of ${rounds} rounds)`,
        value: ratios[medianRound] as number,
        unit: "×",
        target: "≤ 3",
      });
      context.print({ name: "postgres: ingest / floor (highest round)", value: Math.max(...ratios), unit: "×" });
      context.print({
        name: "postgres: fastest ingest / fastest floor",
        value: Math.min(...ingests.map((result) => result.seconds)) / Math.min(...floors),
        unit: "×",
      });
      context.print({ name: "postgres: end-to-end ingest (median round)", value: typical.seconds, unit: "s" });
      context.print({
        name: "postgres: ingest throughput (median round)",
        value: Math.round(typical.rows / typical.seconds),
        unit: "rows/s",
      });
      context.print({
        name: `postgres: peak RSS of the ingest process (highest of ${rounds})`,
        value: Math.max(...ingests.map((result) => result.maxRssMb)),
        unit: "MB",
        target: "< 512",
      });
      printCpu(context, "postgres (median round)", typical);
      // A winery whose ERP exports the whole history each week: the same million lines and one more, into the
      // loaded table (staged, then merged: only the new line is written).
      const scratch = await createScratchSchema(context.postgresUrl);
      try {
        const again = await runChild(["postgres", server.endpoint, scratch.url, "reimport"]);
        context.print({ name: "postgres: re-import of the same history + 1 line into the loaded table", value: again.seconds, unit: "s" });
        context.print({
          name: "postgres: peak RSS of the process (first load, then re-import)",
          value: again.maxRssMb,
          unit: "MB",
          target: "< 512",
        });
      } finally {
        await scratch.drop();
      }
      context.print({
        name: "postgres: rejects (most of any round)",
        value: Math.max(...ingests.map((result) => result.rejects)),
        unit: "rows",
      });
      // BENCH_INGEST_PGLITE=0: PostgreSQL figures only (PGlite's ingest takes a minute more).
      if (process.env.BENCH_INGEST_PGLITE === "0") return;
      const pglite = await runChild(["pglite", server.endpoint]);
      context.print({ name: "pglite: end-to-end ingest", value: pglite.seconds, unit: "s" });
      context.print({ name: "pglite: ingest throughput", value: Math.round(pglite.rows / pglite.seconds), unit: "rows/s" });
      context.print({ name: "pglite: peak RSS of the ingest process", value: pglite.maxRssMb, unit: "MB" });
      printCpu(context, "pglite", pglite);
    } finally {
      s3.destroy();
      await server.close();
      rmSync(s3Dir, { recursive: true, force: true });
    }
  },
};

/**
 * Where the ingest's time goes on this machine: the CPU the ingest process used, and what the whole machine used
 * (the database server's processes and the local S3 server included) out of what its cores could give. A ratio
 * close to 100 % means the ingest is bound by the machine's CPU, not by waiting.
 */
function printCpu(context: Parameters<Benchmark["run"]>[0], dialect: string, result: ChildResult): void {
  context.print({ name: `${dialect}: CPU of the ingest process (user + system)`, value: result.cpuSeconds, unit: "s" });
  if (result.machineBusySeconds === null) return;
  const capacity = result.seconds * availableParallelism();
  context.print({ name: `${dialect}: CPU busy on the machine during the ingest`, value: result.machineBusySeconds, unit: "s" });
  context.print({
    name: `${dialect}: of the machine's CPU capacity (${availableParallelism()} cores)`,
    value: (100 * result.machineBusySeconds) / capacity,
    unit: "%",
  });
}

/** CPU seconds the machine has spent busy (all cores, all processes) since boot; null off Linux. */
function machineBusySeconds(): number | null {
  try {
    const [, user, nice, system, , , irq, softirq, steal] =
      readFileSync("/proc/stat", "utf8").split("\n")[0]?.split(/\s+/).map(Number) ?? [];
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * The peak resident set of this process's own memory: `VmHWM` on Linux. `getrusage`'s maxRSS is not that for a
 * spawned process: Linux carries the parent's resident set at the fork into the child's maximum, so every child of
 * the bench (which holds the generated file) would report at least the bench's own size.
 */
function peakRssMb(): number {
  try {
    const kilobytes = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    if (kilobytes !== undefined) return Number(kilobytes) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

/** `/proc/stat` counts in USER_HZ, 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Runs this file in a fresh Node process (tsx) and reads the JSON line it prints. The process gets the Node options
 * the deployed ingest function runs with (config/deploy.yaml).
 */
function runChild(args: string[]): Promise<ChildResult> {
  const tsx = fileURLToPath(import.meta.resolve("tsx"));
  const nodeOptions = loadConfigDir(defaultConfigDir()).config.deploy.defaults.functions.ingest.node_options?.split(" ") ?? [];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...nodeOptions,
        // BENCH_INGEST_NODE_OPTIONS: more options for each ingest, e.g. "--cpu-prof --cpu-prof-dir=prof" or "--trace-gc".
        ...(process.env.BENCH_INGEST_NODE_OPTIONS?.split(" ").filter(Boolean) ?? []),
        "--import",
        tsx,
        fileURLToPath(import.meta.url),
        ...args,
      ],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = output.trim().split("\n").pop() ?? "";
      if (code !== 0 || !line.startsWith("{"))
        reject(new Error(`ingest bench child ${args[0]} failed (exit ${code}): ${output.slice(-500)}`));
      else resolvePromise(JSON.parse(line) as ChildResult);
    });
  });
}

/** Rounds of (ingest, floor) at full scale: an odd number, so that one round is the median. */
const ROUNDS = 5;

function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[(values.length - 1) >> 1] as number;
}

/**
 * The floor: the rows the ingest merged, exported as COPY text to a file, then timed while COPY loads that file
 * into an unindexed table with the staging table's columns.
 */
async function measureFloor(url: string, workDir: string): Promise<number> {
  const handle = await openDatabase({ url });
  const pool = handle.pool;
  if (!pool) throw new Error("the floor needs PostgreSQL");
  const file = join(workDir, "ingest-floor.copy");
  const client = await pool.connect();
  try {
    await client.query("CREATE TABLE bench_floor (LIKE staging_sales_lines)");
    const columns = `run_id, file_ordinal, line, client_code, date_livraison, document_type, document_no, order_detail_no, article,
      produit_label, cuvee, qty_line, pu_ht, mt_ht, mt_ttc, marge, is_credit, article_factor`;
    await pipeline(
      client.query(
        copyTo(`COPY (SELECT 'bench', 0, row_number() OVER (), s.client_code, s.date_livraison, s.document_type, s.document_no,
          s.line_key, s.article, p.produit, p.cuvee, s.qty, s.pu_ht, s.mt_ht, s.mt_ttc, s.marge, s.is_credit, p.bottle_factor
          FROM sales_lines s JOIN products p USING (article)) TO STDOUT`),
      ),
      createWriteStream(file),
    );
    const started = process.hrtime.bigint();
    await pipeline(createReadStream(file), client.query(copyFrom(`COPY bench_floor (${columns}) FROM STDIN`)));
    return Number(process.hrtime.bigint() - started) / 1e9;
  } finally {
    client.release();
    await handle.close();
    rmSync(file, { force: true });
  }
}

/**
 * Child mode: `<postgres|pglite> <s3 endpoint> [database url] [reimport]` — one timed ingest (with `reimport`, of the
 * re-export, once the first export is loaded), one JSON line on stdout.
 */
async function child(dialect: string, endpoint: string, url: string | undefined, reimport: boolean): Promise<void> {
  const handle: DatabaseHandle = dialect === "postgres" ? await openDatabase({ url }) : await openDatabase();
  await migrateToLatest(handle.db);
  const configDir = resolve(fileURLToPath(new URL("../../../../config/", import.meta.url)));
  const mappings = mappingsConfigSchema.parse(parseYaml(readFileSync(join(configDir, "mappings.yaml"), "utf8")));
  const config = { mappings, pipeline: { as_of: null } } as unknown as AppConfig;
  const s3 = createS3Client(endpoint);
  const ingestContext = { handle, config, configHash: "bench", s3 };
  const drop = (runId: string, key: string) => ({ runId, dropKey: runId, inbox: { bucket: BUCKET, files: [{ key }] }, asOf: null });
  if (reimport) {
    const first = drop("bench-ingest-first", KEY);
    await registerIngestRun(ingestContext, first);
    await ingest(ingestContext, first);
  }
  const input = reimport ? drop("bench-ingest-again", REEXPORT_KEY) : drop("bench-ingest", KEY);
  await registerIngestRun(ingestContext, input);
  const busyBefore = machineBusySeconds();
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
  // Where the time goes: the files read (parsed, staged or loaded early, indexes built), then each merge step.
  const timeline: string[] = [];
  const output = await ingest(ingestContext, input, {
    onSalesLinesRead: (where) =>
      timeline.push(`${reimport ? "re-import: " : ""}read ${elapsed().toFixed(2)} s (${where.loadedEarly ? "first load" : "staged"})`),
    onMergeStep: (step) => {
      if (step === "stubs" || step === "sales_lines" || step === "files") timeline.push(`${step} ${elapsed().toFixed(2)} s`);
    },
  });
  const seconds = elapsed();
  console.error(`    ${dialect}: ${timeline.join(", ")}`);
  const cpu = process.cpuUsage(cpuBefore);
  const busyAfter = machineBusySeconds();
  const maxRssMb = peakRssMb();
  s3.destroy();
  await handle.close();
  const result: ChildResult = {
    seconds,
    rows: output.counts.rowsAccepted ?? 0,
    rejects: output.counts.rowsRejected ?? 0,
    maxRssMb,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    machineBusySeconds: busyBefore === null || busyAfter === null ? null : busyAfter - busyBefore,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dialect, endpoint, url, mode] = process.argv.slice(2);
  child(dialect ?? "pglite", endpoint ?? "", url, mode === "reimport").then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
