import type { RejectReason } from "@crm-reco/core";
import { type BulkValue, type DatabaseHandle, insertRejects } from "@crm-reco/db";

export interface RejectEntry {
  fileName: string;
  line: number | null;
  column: string | null;
  value: string | null;
  reason: RejectReason;
  message: string;
}

/** Where a file's rejects go (`RejectWriter`, or nowhere for a file read again whose rejects are recorded). */
export type RejectSink = Pick<RejectWriter, "add">;

const BATCH = 5_000;
/** A reject names the bad value, it does not archive it: a 10 MB cell is cut (rejects.csv stays readable). */
const MAX_VALUE_CHARS = 1_000;

/** Numbers a run's rejects in order (files in input order, then lines) and writes them in batches. */
export class RejectWriter {
  private ordinal = 0;
  private batch: BulkValue[][] = [];

  constructor(
    private readonly handle: DatabaseHandle,
    private readonly runId: string,
  ) {}

  async add(entry: RejectEntry): Promise<void> {
    this.ordinal++;
    this.batch.push([this.runId, this.ordinal, entry.fileName, entry.line, entry.column, clip(entry.value), entry.reason, entry.message]);
    if (this.batch.length >= BATCH) await this.flush();
  }

  /** The ordinal of the last reject added: what `discardAfter` keeps. */
  get lastOrdinal(): number {
    return this.ordinal;
  }

  /**
   * Numbers the next reject after `ordinal` again and drops the buffered ones after it (a file read again or
   * skipped); those already written are the caller's to delete (`clearFileIngest`).
   */
  discardAfter(ordinal: number): void {
    this.batch = this.batch.filter((row) => (row[1] as number) <= ordinal);
    this.ordinal = ordinal;
  }

  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const rows = this.batch;
    this.batch = [];
    await insertRejects(this.handle, rows);
  }
}

function clip(value: string | null): string | null {
  return value !== null && value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS)}…` : value;
}
