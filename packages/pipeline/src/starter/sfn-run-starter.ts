import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import type { RunInput } from "../contracts";
import type { RunStarter } from "./run-starter";

/** Step Functions execution names: at most 80 characters of `[A-Za-z0-9-_]`, unique per state machine for 90 days. */
const MAX_EXECUTION_NAME = 80;

/**
 * The execution name of a run: the run id for its first execution; `<runId>-rerun-<n>` for its n-th re-run (the run id
 * truncated so the suffix always fits), since the first execution's name stays taken for 90 days.
 */
export function executionName(runId: string, rerun?: number): string {
  const safe = runId.replace(/[^A-Za-z0-9_-]/g, "_");
  if (rerun === undefined) return safe.slice(0, MAX_EXECUTION_NAME);
  const suffix = `-rerun-${rerun}`;
  return `${safe.slice(0, MAX_EXECUTION_NAME - suffix.length)}${suffix}`;
}

/**
 * The starter in AWS: `StartExecution` named after the run id, so a redelivered message or a re-upload
 * of the same objects finds the execution already there (ExecutionAlreadyExists) and starts nothing.
 * A re-run (`options.rerun`) is an execution of the same run id under a distinct name.
 */
export class SfnRunStarter implements RunStarter {
  private readonly client: SFNClient;
  private readonly stateMachineArn: string;

  constructor(options: { stateMachineArn?: string; client?: SFNClient } = {}) {
    const arn = options.stateMachineArn ?? process.env.STATE_MACHINE_ARN;
    if (!arn) throw new Error("STATE_MACHINE_ARN is not set");
    this.stateMachineArn = arn;
    this.client = options.client ?? new SFNClient({});
  }

  async start(input: RunInput, options: { rerun?: number } = {}): Promise<{ runId: string; started: boolean }> {
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: executionName(input.runId, options.rerun),
          input: JSON.stringify(input),
        }),
      );
      return { runId: input.runId, started: true };
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists || (error as { name?: unknown })?.name === "ExecutionAlreadyExists")
        return { runId: input.runId, started: false };
      throw error;
    }
  }
}
