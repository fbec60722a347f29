import { z } from "zod";

export const scoringConfigSchema = z.strictObject({});

export type ScoringConfig = z.infer<typeof scoringConfigSchema>;
