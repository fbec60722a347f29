import type { S3Client } from "@aws-sdk/client-s3";
import { type AppConfig, detectDelimiter, firstLogicalLine, SalesLineReferences, type TextEncodingName } from "@crm-reco/core";
import {
  type BulkRowBatches,
  clearFileIngest,
  clearRunIngest,
  type DatabaseHandle,
  findRunThatIngested,
  type IngestedFileRecord,
  type MergeIngestOptions,
  type MergeStep,
  mergeIngest,
  PostgresRunTransaction,
  registerRun,
  SalesLinesFirstLoad,
  SalesLinesNeedMergeError,
  type StagingKind,
  stageRows,
} from "@crm-reco/db";
import type { IngestOutput, RunInput } from "../contracts";
import { resolveErasureSalt } from "../privacy/erasure-salt";
import { readCsvRecords } from "./csv-records";
import { createDecoder, decodeBytes, NotUtf8Error } from "./decode-text";
import { parseAndStageFile } from "./ingest-file";
import { InspectedRead, sha256Of } from "./inspect-bytes";
import { openObjectStream } from "./object-stream";
import { type RejectSink, RejectWriter } from "./reject-writer";
import { looksLikeZip, readXlsxRecords } from "./xlsx-records";

/** What ingest needs of the stage context (tests and the integrator can build it by hand). */
export interface IngestContext {
  handle: DatabaseHandle;
  config: AppConfig;
  configHash: string;
  s3: S3Client;
}

export interface IngestOptions {
  /** Called after each merge step inside the merge transaction (tests inject failures here). */
  onMergeStep?: (step: MergeStep) => void | Promise<void>;
  /** Called before the merge with where the run's sales lines are: staged, and/or loaded early (a first load). */
  onSalesLinesRead?: (salesLines: MergeIngestOptions["salesLines"]) => void;
}

/** `prepare` of the ingest stage: the run row exists before stage bookkeeping starts. */
export async function registerIngestRun(context: IngestContext, input: RunInput): Promise<void> {
  await registerRun(context.handle, {
    runId: input.runId,
    dropKey: input.dropKey,
    configHash: context.configHash,
    inputFiles: input.inbox.files.map((file) => ({ bucket: input.inbox.bucket, ...file })),
    startedAt: new Date(),
  });
}

/**
 * The ingest stage (ARCHITECTURE §4, DOMAIN §1): for each file of the drop, in input order — read it once from S3
 * as a stream, detect the format (an `.xlsx` workbook by its zip signature, else CSV with its encoding and
 * delimiter) and the kind, parse, map, validate and stage its rows and record its rejects while checksumming it;
 * a file another run already ingested (same SHA-256) is then undone and reported as skipped. Then merge all staging
 * into the canonical tables in one transaction. Re-running it for the same run replaces that run's files, rejects
 * and staging.
 *
 * On PostgreSQL that transaction opens before the first file is read: a winery's first load of sales lines is
 * COPYed into `sales_lines` while the files are parsed (`SalesLinesFirstLoad`), and still lands only with the rest.
 */
export async function ingest(context: IngestContext, input: RunInput, options: IngestOptions = {}): Promise<IngestOutput> {
  const { handle, config } = context;
  const { runId } = input;
  await clearRunIngest(handle, runId);
  const run = await PostgresRunTransaction.begin(handle);
  try {
    const read = await readFiles(context, input, run);
    options.onSalesLinesRead?.(read.salesLines);
    const mergeOptions: MergeIngestOptions = {
      runId,
      files: read.files,
      latestStockFile: read.latestStockFile,
      salesLineReferences: read.salesLineReferences,
      salesLines: read.salesLines,
      referenceCl: config.mappings.bottles.reference_cl,
      resolveAsOf: (latestSaleDate) => {
        const asOf = input.asOf ?? config.pipeline.as_of ?? latestSaleDate;
        if (asOf === null)
          throw new Error("no as-of date: the drop and the database hold no sales line, and neither --as-of nor config as_of is set");
        return asOf;
      },
      onStep: options.onMergeStep,
      erasureSalt: resolveErasureSalt(),
    };
    const merged = run
      ? await mergeIngest(run.db, mergeOptions)
      : await handle.db.transaction().execute((trx) => mergeIngest(trx, mergeOptions));
    await run?.commit();

    const { files } = read;
    const sum = (pick: (file: IngestedFileRecord) => number) => files.reduce((total, file) => total + pick(file), 0);
    return {
      runId,
      asOf: merged.asOf,
      counts: {
        files: files.length,
        filesSkipped: files.filter((file) => file.status === "SKIPPED_DUPLICATE").length,
        filesRejected: files.filter((file) => file.status === "REJECTED").length,
        rowsRead: sum((file) => file.rowsRead),
        rowsAccepted: sum((file) => file.rowsAccepted),
        rowsRejected: sum((file) => file.rowsRejected),
        // Privacy hook: staged rows of erased people that were dropped (a count only; present when any were).
        ...(merged.erasedSkipped > 0 ? { erasedSkipped: merged.erasedSkipped } : {}),
        ...merged.totals,
      },
    };
  } catch (error) {
    await run?.rollback();
    throw error;
  }
}

interface ReadFiles {
  files: IngestedFileRecord[];
  latestStockFile: number | null;
  salesLineReferences: SalesLineReferences;
  salesLines: MergeIngestOptions["salesLines"];
}

/** Reads, parses and stages every file of the drop (`ingest`), the run's transaction open when there is one. */
async function readFiles(context: IngestContext, input: RunInput, run: PostgresRunTransaction | null): Promise<ReadFiles> {
  const { handle } = context;
  const { runId } = input;
  const rejects = new RejectWriter(handle, runId);
  const files: IngestedFileRecord[] = [];
  const seenInRun = new Set<string>();
  let latestStockFile: number | null = null;
  const salesLineReferences = new SalesLineReferences();
  const salesLines = { staged: false, loadedEarly: false };
  /**
   * The run's first load of sales lines: asked by the first sales-lines file, null when it does not apply (on
   * PGlite, when `sales_lines` holds lines, when that file has no detail numbers) or once abandoned.
   */
  let firstLoad = (run ? "unasked" : null) as SalesLinesFirstLoad | null | "unasked";
  /** The files the first load holds, to be staged again should it be abandoned. */
  const loadedEarly: FileRead[] = [];
  const abandonFirstLoad = async () => {
    if (!(firstLoad instanceof SalesLinesFirstLoad)) return;
    await firstLoad.abandon();
    firstLoad = null;
    // Their rejects and references were recorded the first time.
    const stage: StageRows = (kind, _hasColumn, batches) => stageRows(handle, kind, batches);
    for (const read of loadedEarly.splice(0)) {
      const again = await readAndStageFile({ ...read, rejects: IGNORED_REJECTS, stage }, read.again ?? null);
      if ("readAgainAs" in again) throw new Error(`${read.fileName}: its second reading did not match its first`);
      salesLines.staged = true;
    }
  };

  const isDuplicate = async (sha256: string) => seenInRun.has(sha256) || (await findRunThatIngested(handle, sha256, runId)) !== null;

  for (const [fileOrdinal, file] of input.inbox.files.entries()) {
    const startedAt = Date.now();
    const fileName = file.key.split("/").pop() || file.key;
    const lastRejectBefore = rejects.lastOrdinal;
    /** Where this file's sales lines went, if it has any (set by `stage`). */
    let salesLinesTo: "first load" | "staging" | null = null;
    const stage: StageRows = async (kind, hasColumn, batches) => {
      if (kind === "sales_lines" && firstLoad === "unasked")
        firstLoad = run && hasColumn("order_detail_no") ? await SalesLinesFirstLoad.open(run, runId) : null;
      if (kind === "sales_lines" && firstLoad instanceof SalesLinesFirstLoad) {
        salesLinesTo = "first load";
        return firstLoad.loadFile(batches);
      }
      if (kind === "sales_lines") salesLinesTo = "staging";
      return stageRows(handle, kind, batches);
    };
    const undo = async () => {
      if (salesLinesTo === "first load" && firstLoad instanceof SalesLinesFirstLoad) await firstLoad.undoFile();
      salesLinesTo = null;
      rejects.discardAfter(lastRejectBefore);
      await clearFileIngest(handle, runId, fileOrdinal, lastRejectBefore);
    };
    const read: FileRead = { context, bucket: input.inbox.bucket, key: file.key, fileName, fileOrdinal, runId, rejects, stage };
    let outcome = await readAndStageFile(read, null);
    // At most two readings more: one in Windows-1252, one through staging for lines the first load cannot take.
    for (let readings = 1; "readAgainAs" in outcome; readings++) {
      if (readings === 3) throw new Error(`${fileName}: read three times without settling on an encoding`);
      await undo();
      if (outcome.needsMerge) {
        // A key that repeats may just be the same export uploaded twice: its checksum says so, and then the file
        // is skipped and the first load goes on.
        const sha256 = await sha256Of((await openObjectStream(context.s3, read.bucket, read.key, outcome.etag)).body);
        if (await isDuplicate(sha256)) {
          const record = { ...newFileRecord(fileName, file.key, outcome.readAgainAs), sha256 };
          outcome = { record, salesLineReferences: new SalesLineReferences(), etag: outcome.etag };
          break;
        }
        await abandonFirstLoad();
      }
      outcome = await readAndStageFile(read, outcome);
    }
    const { record } = outcome;
    if (await isDuplicate(record.sha256)) {
      await undo();
      Object.assign(record, {
        status: "SKIPPED_DUPLICATE",
        kind: null,
        delimiter: null,
        rowsRead: 0,
        rowsAccepted: 0,
        rowsRejected: 0,
        reasons: {},
      });
    } else {
      seenInRun.add(record.sha256);
      salesLineReferences.addAll(outcome.salesLineReferences);
      if (record.status === "INGESTED" && record.kind === "stock") latestStockFile = fileOrdinal;
      if (salesLinesTo === "first load" && firstLoad instanceof SalesLinesFirstLoad) {
        await firstLoad.keepFile();
        loadedEarly.push({ ...read, again: { readAgainAs: record.encoding as TextEncodingName, etag: outcome.etag, needsMerge: false } });
      } else if (salesLinesTo === "staging") salesLines.staged = true;
    }
    record.durationMs = Date.now() - startedAt;
    files.push(record);
  }
  await rejects.flush();

  if (firstLoad instanceof SalesLinesFirstLoad) {
    await firstLoad.finish();
    salesLines.loadedEarly = loadedEarly.length > 0;
  }
  return { files, latestStockFile, salesLineReferences, salesLines };
}

/** Where a file's accepted rows go: the run's staging, or for a first load of sales lines, the table itself. */
type StageRows = (kind: StagingKind, hasColumn: (field: string) => boolean, batches: BulkRowBatches) => Promise<number>;

const IGNORED_REJECTS: RejectSink = { add: async () => {} };

interface FileRead {
  context: IngestContext;
  bucket: string;
  key: string;
  fileName: string;
  fileOrdinal: number;
  runId: string;
  rejects: RejectSink;
  stage: StageRows;
  /** How the file was read the first time (a file read again). */
  again?: ReadAgain;
}

interface StagedFile {
  record: IngestedFileRecord;
  /** The customers and articles this file's accepted sales lines name. */
  salesLineReferences: SalesLineReferences;
  /** The version of the object read. */
  etag: string | undefined;
}

/**
 * What the file staged is to be undone and the file read again: it started as UTF-8 and stopped being UTF-8, or
 * its sales lines went to the first load, which cannot take them (`needsMerge`).
 */
interface ReadAgain {
  readAgainAs: TextEncodingName;
  /** The version of the object read, so that the second read gets the same bytes. */
  etag: string | undefined;
  needsMerge: boolean;
}

function newFileRecord(fileName: string, s3Key: string, encoding: IngestedFileRecord["encoding"]): IngestedFileRecord {
  return {
    fileName,
    s3Key,
    sha256: "",
    kind: null,
    encoding,
    delimiter: null,
    status: "INGESTED",
    rowsRead: 0,
    rowsAccepted: 0,
    rowsRejected: 0,
    reasons: {},
    durationMs: 0,
  };
}

/**
 * Reads one file once from S3 and parses, validates and stages it while its bytes are checksummed: an `.xlsx`
 * workbook by its zip signature, else CSV in the encoding its first bytes show. A file that starts as UTF-8 is
 * read as UTF-8; should it stop being valid UTF-8 further on, the answer is to read it again as Windows-1252.
 */
async function readAndStageFile(file: FileRead, again: ReadAgain | null): Promise<StagedFile | ReadAgain> {
  const { context, bucket, key, fileName } = file;
  const opened = await openObjectStream(context.s3, bucket, key, again?.etag);
  const read = await InspectedRead.start(opened.body);
  const encoding = again?.readAgainAs ?? read.encodingGuess;
  const record = newFileRecord(fileName, key, encoding);
  const salesLineReferences = new SalesLineReferences();
  const parseOptions = {
    stage: file.stage,
    runId: file.runId,
    fileName,
    fileOrdinal: file.fileOrdinal,
    mappings: context.config.mappings,
    rejects: file.rejects,
    salesLineReferences,
  };
  try {
    if (looksLikeZip(read.head)) {
      record.encoding = "xlsx";
      Object.assign(record, await parseAndStageFile({ ...parseOptions, records: readXlsxRecords(read.stream) }));
    } else {
      const headerLine = firstLogicalLine(decodeBytes(read.head, encoding).replace(/^(?:[ \t]*(?:\r\n|\r|\n))+/, ""));
      if (headerLine.trim() === "") {
        record.status = "REJECTED";
        record.reasons = { EMPTY_FILE: 1 };
        await file.rejects.add({
          fileName,
          line: null,
          column: null,
          value: null,
          reason: "EMPTY_FILE",
          message: "the file has no header line",
        });
      } else {
        const delimiter = detectDelimiter(headerLine);
        const text = read.stream.pipe(createDecoder(encoding));
        Object.assign(record, await parseAndStageFile({ ...parseOptions, records: readCsvRecords(text, delimiter) }), { delimiter });
      }
    }
  } catch (error) {
    if (error instanceof NotUtf8Error) return { readAgainAs: "windows-1252", etag: opened.etag, needsMerge: false };
    if (error instanceof SalesLinesNeedMergeError) return { readAgainAs: encoding, etag: opened.etag, needsMerge: true };
    throw error;
  } finally {
    read.stream.destroy();
  }
  // A file rejected whole was not read to its end: its checksum takes a second read.
  record.sha256 = read.sha256 ?? (await sha256Of((await openObjectStream(context.s3, bucket, key, opened.etag)).body));
  return { record, salesLineReferences, etag: opened.etag };
}
