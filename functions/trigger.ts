import { SfnRunStarter, type SqsEvent, type TriggerHandler, triggerFromEnvironment } from "@crm-reco/pipeline";

let trigger: TriggerHandler | undefined;

/**
 * Lambda entry point of the inbox queue (SQS event source with ReportBatchItemFailures): decides which
 * drops are complete and starts their executions. Built on first use, reused by the warm container.
 */
export const handler = (event: SqsEvent) => {
  trigger ??= triggerFromEnvironment(new SfnRunStarter());
  return trigger(event);
};
