import { z } from "zod";

/** What a stage handler reads from its environment: the same names in Lambda and locally. */
const environmentSchema = z.object({
  DATABASE_URL: z.string().optional(),
  /** PGlite data directory when DATABASE_URL is not set (local default). */
  CRM_RECO_PGLITE_DIR: z.string().optional(),
  CRM_RECO_CONFIG_DIR: z.string().default("config"),
  INBOX_BUCKET: z.string().default("inbox"),
  EXPORTS_BUCKET: z.string().default("exports"),
  /** Local only: keep a copy of every sent email as an .eml file here. */
  CRM_RECO_OUTBOX_DIR: z.string().optional(),
});

export type StageEnvironment = z.infer<typeof environmentSchema>;

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): StageEnvironment {
  const parsed = environmentSchema.parse(env);
  if (!parsed.DATABASE_URL && !parsed.CRM_RECO_PGLITE_DIR)
    throw new Error("no database configured: set DATABASE_URL (PostgreSQL) or CRM_RECO_PGLITE_DIR (embedded PGlite)");
  return parsed;
}
