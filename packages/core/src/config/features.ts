import { z } from "zod";

export const featuresConfigSchema = z.strictObject({});

export type FeaturesConfig = z.infer<typeof featuresConfigSchema>;
