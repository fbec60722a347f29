import { type DatabaseHandle, loadRecordedRunInput } from "@crm-reco/db";
import { type RunInput, runInputSchema } from "../contracts";

/** A run's recorded input (its drop, files and as-of date), to start it again under the same run id. */
export async function recordedRunInput(handle: DatabaseHandle, runId: string): Promise<RunInput> {
  const recorded = await loadRecordedRunInput(handle, runId);
  if (!recorded || recorded.inputFiles.length === 0) throw new Error(`run ${runId} has no recorded input`);
  return runInputSchema.parse({
    runId,
    dropKey: recorded.dropKey,
    inbox: {
      bucket: recorded.inputFiles[0]!.bucket,
      files: recorded.inputFiles.map(({ key, etag, size }) => ({ key, etag, size })),
    },
    asOf: recorded.asOf,
  });
}
