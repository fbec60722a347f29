import { ingestOutputSchema, runInputSchema } from "../contracts";
import { ingest, registerIngestRun } from "../ingest/run-ingest";
import { applyRetention } from "../privacy/apply-retention";
import { defineStage } from "./define-stage";

/** Ingest: the drop's CSV files → staging → canonical tables (see ingest/run-ingest.ts). */
export const ingestStage = defineStage({
  name: "ingest",
  input: runInputSchema,
  output: ingestOutputSchema,
  prepare: async (context, input) => {
    await registerIngestRun(context, input);
    // Retention (DOMAIN §9) at the start of each run; in AWS the inbox bucket's lifecycle rule expires raw files.
    await applyRetention({
      handle: context.handle,
      s3: context.s3,
      inboxBucket: context.buckets.inbox,
      inboxDays: context.config.pipeline.retention.inbox_days,
      cleanInbox: !process.env.AWS_LAMBDA_FUNCTION_NAME,
    });
  },
  run: (context, input) => ingest(context, input),
});
