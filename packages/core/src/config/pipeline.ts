import { z } from "zod";

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD");

export const pipelineConfigSchema = z.strictObject({
  /** Fixed as-of date for features; null = the latest sale date seen. */
  as_of: isoDate.nullable().default(null),
  recommend: z.strictObject({
    shard_size: z.number().int().min(1).max(100_000),
    max_concurrency: z.number().int().min(1).max(40),
  }),
  drops: z.strictObject({
    ready_marker: z.string().min(1),
    quiet_period_seconds: z.number().int().min(0),
    accepted_extensions: z.array(z.string().regex(/^\.[a-z0-9]+$/, "expected a lower-case extension such as .csv")).min(1),
  }),
  retention: z.strictObject({
    inbox_days: z.number().int().min(1),
  }),
  locale: z.enum(["fr", "en"]),
});

export type PipelineConfig = z.infer<typeof pipelineConfigSchema>;
