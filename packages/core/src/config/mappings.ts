import { z } from "zod";

export const mappingsConfigSchema = z.strictObject({});

export type MappingsConfig = z.infer<typeof mappingsConfigSchema>;
