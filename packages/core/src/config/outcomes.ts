import { z } from "zod";

/** config/outcomes.yaml: the outcomes loop (DOMAIN §7). */
export const outcomesConfigSchema = z.strictObject({
  /** Days after an export during which a customer's orders are attributed to it. */
  attribution_days: z.number().int().min(1).max(3650),
  /** Confidence level of the uplift intervals (two-sided). */
  confidence: z.number().gt(0.5).lt(1),
  /** Power used for the "customers needed per group" figure. */
  power: z.number().gt(0.5).lt(1),
});

export type OutcomesConfig = z.infer<typeof outcomesConfigSchema>;
