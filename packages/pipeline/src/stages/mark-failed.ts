import { findFailedStage, setRunFailed } from "@crm-reco/db";
import { type MarkFailedInput, type MarkFailedOutput, markFailedInputSchema, markFailedOutputSchema } from "../contracts";
import { createLogger } from "../logger";
import { getStageContext, type StageContext } from "./context";

const MAX_ERROR_CHARS = 2_000;

/**
 * The state machine's Catch target (not a recorded stage): marks the run FAILED with the stage it stopped
 * in and the reason. Idempotent; a run that was never registered is left alone (failedStage null).
 */
export async function markRunFailed(event: unknown): Promise<MarkFailedOutput> {
  const input = markFailedInputSchema.parse(event);
  return recordRunFailure(await getStageContext(), input);
}

export async function recordRunFailure(
  context: Pick<StageContext, "handle">,
  input: MarkFailedInput,
  now: Date = new Date(),
): Promise<MarkFailedOutput> {
  const failedStage = await findFailedStage(context.handle, input.runId);
  const errorMessage = describeFailure(input.error);
  const marked = await setRunFailed(context.handle, input.runId, { failedStage, errorMessage, finishedAt: now });
  createLogger({ stage: "mark-failed", runId: input.runId }).warn("run.failed", {
    failedStage,
    error: input.error.Error ?? null,
    runRegistered: marked,
  });
  return markFailedOutputSchema.parse({ runId: input.runId, failedStage: marked ? failedStage : null });
}

/**
 * `Error: reason` from a Step Functions error. A Lambda's Cause is a JSON document whose errorMessage is
 * the reason; a local or states-level Cause is plain text.
 */
export function describeFailure(error: MarkFailedInput["error"]): string | null {
  const cause = error.Cause === undefined ? undefined : causeMessage(error.Cause);
  const parts = [error.Error, cause].filter((part): part is string => part !== undefined && part.trim() !== "");
  if (parts.length === 0) return null;
  const message = parts.join(": ");
  return message.length <= MAX_ERROR_CHARS ? message : `${message.slice(0, MAX_ERROR_CHARS - 1)}…`;
}

function causeMessage(cause: string): string {
  try {
    const parsed: unknown = JSON.parse(cause);
    if (parsed && typeof parsed === "object" && typeof (parsed as { errorMessage?: unknown }).errorMessage === "string")
      return (parsed as { errorMessage: string }).errorMessage;
  } catch {
    // plain text cause
  }
  return cause;
}
