import type { z } from "zod";
import { aromasConfigSchema } from "./aromas";
import { auditConfigSchema } from "./audit";
import { deployConfigSchema } from "./deploy";
import { featuresConfigSchema } from "./features";
import { mappingsConfigSchema } from "./mappings";
import { notificationsConfigSchema } from "./notifications";
import { outcomesConfigSchema } from "./outcomes";
import { pipelineConfigSchema } from "./pipeline";
import { scenariosConfigSchema } from "./scenarios";
import { scoringConfigSchema } from "./scoring";

/** One schema per `config/<name>.yaml` file. */
export const configFileSchemas = {
  pipeline: pipelineConfigSchema,
  mappings: mappingsConfigSchema,
  features: featuresConfigSchema,
  scenarios: scenariosConfigSchema,
  scoring: scoringConfigSchema,
  audit: auditConfigSchema,
  aromas: aromasConfigSchema,
  notifications: notificationsConfigSchema,
  outcomes: outcomesConfigSchema,
  deploy: deployConfigSchema,
} as const;

export type ConfigFileName = keyof typeof configFileSchemas;
export type AppConfig = { [K in ConfigFileName]: z.infer<(typeof configFileSchemas)[K]> };
