import { loadRunStatus } from "@crm-reco/db";
import type { RunInput } from "../contracts";
import {
  type ExecutionEvent,
  type ExecutionResult,
  executeLocally,
  type renderDefinition,
  type TaskHandlers,
} from "../local/state-machine-runner";
import { getStageContext } from "../stages/context";
import type { RunStarter } from "./run-starter";

type Definition = ReturnType<typeof renderDefinition>;

/** A run recorded in `runs`: RUNNING means an earlier process stopped in the middle of it. */
export type RecordedRunStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | undefined;

export interface LocalRunStarterOptions {
  definition: Definition;
  /** The Task handlers (`functions/index.ts` `taskHandlers`, or test wrappers of them). */
  handlers: TaskHandlers;
  /** Default: the `runs` table through the stage context's database. */
  recordedStatus?: (runId: string) => Promise<RecordedRunStatus>;
  retryIntervalMs?: number;
  onRunStarted?: (input: RunInput) => void;
  onEvent?: (runId: string, event: ExecutionEvent) => void;
  onRunFinished?: (input: RunInput, result: ExecutionResult) => void | Promise<void>;
}

export interface LocalRunRecord {
  input: RunInput;
  result: ExecutionResult | "STOPPED";
}

/**
 * The starter of the local stack: runs the same ASL in-process (there is no local Step Functions
 * endpoint), one execution at a time, in the background. Idempotent by run id like StartExecution: a
 * run started in this process, or finished (SUCCEEDED/FAILED) in the `runs` table, is not started again.
 * A run left RUNNING by an earlier process that was stopped is resumed: every stage is idempotent.
 */
export class LocalRunStarter implements RunStarter {
  private readonly startedHere = new Set<string>();
  private readonly queue: RunInput[] = [];
  private readonly finished: LocalRunRecord[] = [];
  private current: { input: RunInput; done: Promise<void> } | undefined;
  private stopping = false;
  private parked = false;
  private inFlight = 0;
  private readonly waiters = new Set<() => void>();
  private readonly handlers: TaskHandlers;

  constructor(private readonly options: LocalRunStarterOptions) {
    this.handlers = Object.fromEntries(Object.entries(options.handlers).map(([name, handler]) => [name, this.guard(handler)]));
  }

  async start(input: RunInput): Promise<{ runId: string; started: boolean }> {
    if (this.stopping) throw new Error("the local run starter is stopping");
    if (this.startedHere.has(input.runId)) return { runId: input.runId, started: false };
    const status = await (this.options.recordedStatus ?? recordedRunStatus)(input.runId);
    if (this.startedHere.has(input.runId) || status === "SUCCEEDED" || status === "FAILED") return { runId: input.runId, started: false };
    this.startedHere.add(input.runId);
    this.queue.push(input);
    this.pump();
    return { runId: input.runId, started: true };
  }

  /** Runs finished (or stopped) so far, in the order they ran. */
  get runs(): readonly LocalRunRecord[] {
    return this.finished;
  }

  /** Resolves once nothing is queued or running (or the running execution is parked by a stop). */
  async idle(): Promise<void> {
    while ((this.current && !this.parked) || this.queue.length > 0) await this.changed();
  }

  /**
   * Stops cleanly: no new runs; queued runs are dropped (a restart finds them again); the running
   * execution finishes the stages in flight and then waits, its run left RUNNING to be resumed.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.queue.length = 0;
    while (this.current && !(this.parked && this.inFlight === 0)) await this.changed();
  }

  private pump(): void {
    if (this.current || this.stopping) return;
    const input = this.queue.shift();
    if (!input) return;
    const done = this.execute(input).finally(() => {
      if (this.current?.input === input) this.current = undefined;
      this.notify();
      this.pump();
    });
    this.current = { input, done };
  }

  private async execute(input: RunInput): Promise<void> {
    this.options.onRunStarted?.(input);
    let result: ExecutionResult;
    try {
      result = await executeLocally(this.options.definition, this.handlers, input, {
        retryIntervalMs: this.options.retryIntervalMs,
        onEvent: (event) => this.options.onEvent?.(input.runId, event),
      });
    } catch (error) {
      result = { status: "FAILED", error: error instanceof Error ? error.message : String(error) };
    }
    this.finished.push({ input, result });
    await this.options.onRunFinished?.(input, result);
  }

  /** Each Task handler, so that a stop lets the stages in flight finish and starts no further one. */
  private guard(handler: TaskHandlers[string]): TaskHandlers[string] {
    return async (taskInput) => {
      if (this.stopping) return this.park();
      this.inFlight++;
      try {
        return await handler(taskInput);
      } finally {
        this.inFlight--;
        this.notify();
      }
    };
  }

  private park(): Promise<never> {
    if (!this.parked && this.current) {
      this.parked = true;
      this.finished.push({ input: this.current.input, result: "STOPPED" });
    }
    this.notify();
    return new Promise<never>(() => {});
  }

  private changed(): Promise<void> {
    return new Promise((resolve) => this.waiters.add(resolve));
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) {
      this.waiters.delete(waiter);
      waiter();
    }
  }
}

async function recordedRunStatus(runId: string): Promise<RecordedRunStatus> {
  const { handle } = await getStageContext();
  return (await loadRunStatus(handle, runId))?.status as RecordedRunStatus;
}
