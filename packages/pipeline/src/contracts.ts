import { z } from "zod";

/**
 * Stage contracts (ARCHITECTURE §4): every stage receives and returns pointers — run id, S3 keys,
 * counts — never data, so the Step Functions payload limit cannot be reached.
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const runId = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, "run ids are Step Functions execution names");
const counts = z.record(z.string(), z.number());

export const inboxFileSchema = z.object({
  key: z.string().min(1),
  etag: z.string().optional(),
  size: z.number().int().nonnegative().optional(),
});

/** The state machine's input, as the trigger's starter sends it. */
export const runInputSchema = z.object({
  runId,
  dropKey: z.string(),
  inbox: z.object({ bucket: z.string().min(1), files: z.array(inboxFileSchema).min(1) }),
  /** Overrides config `as_of` (CLI `--as-of`). */
  asOf: isoDate.nullable().default(null),
});

export const ingestOutputSchema = z.object({ runId, asOf: isoDate, counts });

export const featuresInputSchema = z.object({ runId, asOf: isoDate });
export const featuresOutputSchema = z.object({ runId, asOf: isoDate, counts });

export const scenariosInputSchema = featuresInputSchema;
export const recommendShardSchema = z.object({ index: z.number().int().nonnegative(), count: z.number().int().positive() });
export const scenariosOutputSchema = z.object({ runId, asOf: isoDate, counts, shards: z.array(recommendShardSchema) });

export const recommendInputSchema = z.object({ runId, asOf: isoDate, shard: recommendShardSchema });
export const recommendOutputSchema = z.object({ runId, shard: recommendShardSchema, counts });

export const auditInputSchema = z.object({ runId, asOf: isoDate });
export const auditOutputSchema = z.object({ runId, asOf: isoDate, counts });

export const exportInputSchema = auditInputSchema;
export const exportOutputSchema = z.object({
  runId,
  asOf: isoDate,
  counts,
  exports: z.object({ bucket: z.string(), prefix: z.string(), keys: z.array(z.string()) }),
});

export const notifyInputSchema = z.object({ runId, outcome: z.enum(["SUCCEEDED", "FAILED"]) });
export const notifyOutputSchema = z.object({ runId, messageId: z.string(), recipients: z.number().int() });

/** What a Step Functions Catch puts at `$.error`. */
export const markFailedInputSchema = z.object({
  runId,
  error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).passthrough(),
});
export const markFailedOutputSchema = z.object({ runId, failedStage: z.string().nullable() });

export type RunInput = z.infer<typeof runInputSchema>;
export type InboxFile = z.infer<typeof inboxFileSchema>;
export type IngestOutput = z.infer<typeof ingestOutputSchema>;
export type FeaturesInput = z.infer<typeof featuresInputSchema>;
export type FeaturesOutput = z.infer<typeof featuresOutputSchema>;
export type ScenariosOutput = z.infer<typeof scenariosOutputSchema>;
export type RecommendShard = z.infer<typeof recommendShardSchema>;
export type RecommendInput = z.infer<typeof recommendInputSchema>;
export type RecommendOutput = z.infer<typeof recommendOutputSchema>;
export type AuditInput = z.infer<typeof auditInputSchema>;
export type AuditOutput = z.infer<typeof auditOutputSchema>;
export type ExportOutput = z.infer<typeof exportOutputSchema>;
export type NotifyInput = z.infer<typeof notifyInputSchema>;
export type NotifyOutput = z.infer<typeof notifyOutputSchema>;
export type MarkFailedInput = z.infer<typeof markFailedInputSchema>;
export type MarkFailedOutput = z.infer<typeof markFailedOutputSchema>;
