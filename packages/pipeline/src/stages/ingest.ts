import { ingestOutputSchema, runInputSchema } from "../contracts";
import { ingest, registerIngestRun } from "../ingest/run-ingest";
import { defineStage } from "./define-stage";

/** Ingest: the drop's CSV files → staging → canonical tables (see ingest/run-ingest.ts). */
export const ingestStage = defineStage({
  name: "ingest",
  input: runInputSchema,
  output: ingestOutputSchema,
  prepare: registerIngestRun,
  run: (context, input) => ingest(context, input),
});
