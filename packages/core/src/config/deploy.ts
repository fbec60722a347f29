import { z } from "zod";

/** Every Lambda function of the AWS deployment (stacks/): one per stage, plus the trigger, the console API and migrations. */
export const DEPLOYED_FUNCTIONS = [
  "ingest",
  "features",
  "scenarios",
  "recommend",
  "audit",
  "export",
  "notify",
  "mark_failed",
  "trigger",
  "api",
  "migrate",
] as const;
export type DeployedFunction = (typeof DEPLOYED_FUNCTIONS)[number];

const functionSettingsSchema = z.strictObject({
  /** 128–10240 MB; CPU grows with memory. */
  memory_mb: z.number().int().min(128).max(10_240),
  /** Lambda's ceiling is 900 s. */
  timeout_seconds: z.number().int().min(1).max(900),
  /** NODE_OPTIONS of the function (V8 tuning such as `--max-semi-space-size=64`); absent = Node's defaults. */
  node_options: z
    .string()
    .regex(/^(--[a-z0-9-]+(=[A-Za-z0-9._-]+)?)( --[a-z0-9-]+(=[A-Za-z0-9._-]+)?)*$/, "expected Node flags such as --max-semi-space-size=64")
    .optional(),
});

const removalSchema = z.enum(["destroy", "retain"]);

const rdsSchema = z.strictObject({
  /** Without the `db.` prefix, e.g. t4g.micro. */
  instance_class: z.string().regex(/^[a-z0-9]+\.[a-z0-9]+$/, "expected an instance class such as t4g.micro"),
  allocated_storage_gb: z.number().int().min(20).max(1000),
  backup_retention_days: z.number().int().min(0).max(35),
  multi_az: z.boolean(),
  /** How the private subnets reach AWS APIs (SES, Secrets Manager, Step Functions): gateway (managed) or instance (cheapest). */
  nat: z.enum(["gateway", "instance"]),
});

const alarmsSchema = z.strictObject({
  /** Who receives alarm emails (SNS); empty = the recipients of notifications.yaml. */
  emails: z.array(z.email()),
  /** Evaluation period of every alarm. */
  period_minutes: z.number().int().min(1).max(1440),
  /** Errors of one function within a period that raise its alarm. */
  function_errors: z.number().int().min(1),
});

const settingsShape = {
  /** AWS region of the stage. */
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "expected an AWS region such as eu-west-3"),
  /** destroy = `sst remove` deletes buckets and database; retain = they outlive the stack. */
  removal: removalSchema,
  database: z.strictObject({
    /** rds = PostgreSQL 16 on RDS in a VPC; external = DATABASE_URL from the SST secret of that name. */
    mode: z.enum(["rds", "external"]),
    rds: rdsSchema,
  }),
  functions: z.strictObject(
    Object.fromEntries(DEPLOYED_FUNCTIONS.map((name) => [name, functionSettingsSchema])) as Record<
      DeployedFunction,
      typeof functionSettingsSchema
    >,
  ),
  alarms: alarmsSchema,
};

export const deploySettingsSchema = z.strictObject(settingsShape);
export type DeploySettings = z.infer<typeof deploySettingsSchema>;

/** What one stage may override: any key of the defaults, one level deep (functions: per function, per field). */
const stageOverrideSchema = z.strictObject({
  region: settingsShape.region.optional(),
  removal: removalSchema.optional(),
  database: z
    .strictObject({
      mode: settingsShape.database.shape.mode.optional(),
      rds: rdsSchema.partial().optional(),
    })
    .optional(),
  functions: z
    .strictObject(
      Object.fromEntries(DEPLOYED_FUNCTIONS.map((name) => [name, functionSettingsSchema.partial().optional()])) as Record<
        DeployedFunction,
        z.ZodOptional<
          z.ZodObject<{
            memory_mb: z.ZodOptional<z.ZodNumber>;
            timeout_seconds: z.ZodOptional<z.ZodNumber>;
            node_options: z.ZodOptional<z.ZodOptional<z.ZodString>>;
          }>
        >
      >,
    )
    .optional(),
  alarms: alarmsSchema.partial().optional(),
});
export type DeployStageOverride = z.infer<typeof stageOverrideSchema>;

export const deployConfigSchema = z.strictObject({
  defaults: deploySettingsSchema,
  /** Per SST stage name (`npx sst deploy --stage <name>`). */
  stages: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, "expected a stage name such as prod"), stageOverrideSchema).default({}),
});

export type DeployConfig = z.infer<typeof deployConfigSchema>;
