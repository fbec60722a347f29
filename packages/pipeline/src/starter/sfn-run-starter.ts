import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import type { RunInput } from "../contracts";
import type { RunStarter } from "./run-starter";

/**
 * The starter in AWS: `StartExecution` named after the run id, so a redelivered message or a re-upload
 * of the same objects finds the execution already there (ExecutionAlreadyExists) and starts nothing.
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

  async start(input: RunInput): Promise<{ runId: string; started: boolean }> {
    try {
      await this.client.send(
        new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name: input.runId, input: JSON.stringify(input) }),
      );
      return { runId: input.runId, started: true };
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists || (error as { name?: unknown })?.name === "ExecutionAlreadyExists")
        return { runId: input.runId, started: false };
      throw error;
    }
  }
}
