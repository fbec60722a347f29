import type { RunInput } from "../contracts";

/**
 * Starts one execution of the state machine for a drop. The run id is the execution name: starting
 * the same run id twice starts it once (`started: false` the second time).
 */
export interface RunStarter {
  start(input: RunInput): Promise<{ runId: string; started: boolean }>;
}
