import type { TaskHandlers } from "@crm-reco/pipeline";
import { handler as audit } from "./audit";
import { handler as exportFiles } from "./export";
import { handler as features } from "./features";
import { handler as ingest } from "./ingest";
import { handler as markFailed } from "./mark-failed";
import { handler as notify } from "./notify";
import { handler as recommend } from "./recommend";
import { handler as scenarios } from "./scenarios";

/**
 * The state machine's Task resources (`${IngestFunctionArn}` …) mapped to these handlers: the local runner
 * executes the ASL with them in-process; in AWS each is its own Lambda function (stacks/Pipeline.ts).
 */
export const taskHandlers: TaskHandlers = {
  IngestFunctionArn: ingest,
  FeaturesFunctionArn: features,
  ScenariosFunctionArn: scenarios,
  RecommendFunctionArn: recommend,
  AuditFunctionArn: audit,
  ExportFunctionArn: exportFiles,
  NotifyFunctionArn: notify,
  MarkFailedFunctionArn: markFailed,
};
