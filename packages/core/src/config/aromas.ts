import { z } from "zod";

export const aromasConfigSchema = z.strictObject({});

export type AromasConfig = z.infer<typeof aromasConfigSchema>;
