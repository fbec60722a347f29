import { z } from "zod";

export const scenariosConfigSchema = z.strictObject({});

export type ScenariosConfig = z.infer<typeof scenariosConfigSchema>;
