import { z } from "zod";
import { loadConfigDir } from "../config-files";
import { createS3Client } from "../s3";
import type { RunStarter } from "../starter/run-starter";
import { s3DropLister } from "./drop-listing";
import { sqsRecheckScheduler } from "./recheck-queue";
import { createSqsClient } from "./sqs-client";
import { createTriggerHandler, type TriggerHandler } from "./trigger-handler";

const triggerEnvironmentSchema = z.object({
  /** The trigger's own queue (the inbox events queue): re-check messages are sent there. */
  QUEUE_URL: z.string().min(1),
  CRM_RECO_CONFIG_DIR: z.string().default("config"),
});

/** The trigger as a Lambda function builds it: config and clients from its environment, the given starter. */
export function triggerFromEnvironment(starter: RunStarter, env: NodeJS.ProcessEnv = process.env): TriggerHandler {
  const parsed = triggerEnvironmentSchema.parse(env);
  const { config } = loadConfigDir(parsed.CRM_RECO_CONFIG_DIR);
  return createTriggerHandler({
    drops: config.pipeline.drops,
    listDrop: s3DropLister(createS3Client()),
    scheduleRecheck: sqsRecheckScheduler(createSqsClient(), parsed.QUEUE_URL),
    starter,
  });
}
