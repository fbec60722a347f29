import { renderDefinition, taskResourceNames } from "@crm-reco/pipeline";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import * as logs from "aws-cdk-lib/aws-logs";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as sfn from "aws-cdk-lib/aws-stepfunctions";
import { type Function as SstFunction, type StackContext, use } from "sst/constructs";
import { Database } from "./Database";
import { type DeployedFunction, ourFunction } from "./lambda-function";
import { Notify } from "./Notify";
import { Storage } from "./Storage";
import { useAppSettings } from "./use-app-settings";

/** Each Task placeholder of the ASL (`${IngestFunctionArn}` …) and the function that serves it. */
const STAGE_FUNCTIONS = {
  IngestFunctionArn: { id: "Ingest", name: "ingest", file: "ingest" },
  FeaturesFunctionArn: { id: "Features", name: "features", file: "features" },
  ScenariosFunctionArn: { id: "Scenarios", name: "scenarios", file: "scenarios" },
  RecommendFunctionArn: { id: "Recommend", name: "recommend", file: "recommend" },
  AuditFunctionArn: { id: "Audit", name: "audit", file: "audit" },
  ExportFunctionArn: { id: "Export", name: "export", file: "export" },
  NotifyFunctionArn: { id: "Notify", name: "notify", file: "notify" },
  MarkFailedFunctionArn: { id: "MarkFailed", name: "mark_failed", file: "mark-failed" },
} as const satisfies Record<string, { id: string; name: DeployedFunction; file: string }>;
type Placeholder = keyof typeof STAGE_FUNCTIONS;

/**
 * One Lambda per stage, the Step Functions state machine built from the same ASL document the local runner executes,
 * and the trigger Lambda on the inbox queue (partial-batch failure reporting) that starts one execution per drop.
 */
export function Pipeline({ stack, app }: StackContext) {
  const { config, deploy } = useAppSettings(app);
  const { inbox, exports, inboxEvents } = use(Storage);
  const { databaseAccess } = use(Database);
  const { sendStatement } = use(Notify);

  const objects = (bucket: { bucketArn: string }) => `${bucket.bucketArn}/*`;
  const read = (bucket: { bucketArn: string }) => [
    new iam.PolicyStatement({ actions: ["s3:ListBucket"], resources: [bucket.bucketArn] }),
    new iam.PolicyStatement({ actions: ["s3:GetObject"], resources: [objects(bucket)] }),
  ];
  // The salt of RGPD erasure tombstones: generated once and never changed (a new salt would make earlier
  // tombstones unrecognisable), so it is retained on every stage.
  const erasureSalt = new secretsmanager.Secret(stack, "ErasureSalt", {
    description: "Salt of the erasure tombstones (never change it once customers have been erased)",
    generateSecretString: { passwordLength: 48, excludePunctuation: true },
    removalPolicy: RemovalPolicy.RETAIN,
  });
  /** What each stage touches besides the database. */
  const stageStatements: Record<Placeholder, iam.PolicyStatement[]> = {
    IngestFunctionArn: [
      ...read(inbox),
      new iam.PolicyStatement({ actions: ["secretsmanager:GetSecretValue"], resources: [erasureSalt.secretArn] }),
    ],
    FeaturesFunctionArn: [],
    ScenariosFunctionArn: [],
    RecommendFunctionArn: [],
    AuditFunctionArn: [],
    ExportFunctionArn: [...read(exports), new iam.PolicyStatement({ actions: ["s3:PutObject"], resources: [objects(exports)] })],
    // Presigned links to the exports are signed with the function's own permissions.
    NotifyFunctionArn: [new iam.PolicyStatement({ actions: ["s3:GetObject"], resources: [objects(exports)] }), sendStatement],
    MarkFailedFunctionArn: [],
  };
  const bucketEnvironment = { INBOX_BUCKET: inbox.bucketName, EXPORTS_BUCKET: exports.bucketName };

  const stageFunctions = {} as Record<Placeholder, SstFunction>;
  for (const [placeholder, stage] of Object.entries(STAGE_FUNCTIONS) as [Placeholder, (typeof STAGE_FUNCTIONS)[Placeholder]][]) {
    stageFunctions[placeholder] = ourFunction(stack, stage.id, stage.name, deploy, {
      handler: `functions/${stage.file}.handler`,
      environment:
        placeholder === "IngestFunctionArn"
          ? { ...bucketEnvironment, CRM_RECO_ERASURE_SALT_SECRET_ARN: erasureSalt.secretArn }
          : bucketEnvironment,
      statements: stageStatements[placeholder],
      database: databaseAccess,
    });
  }

  const definition = renderDefinition({ recommendMaxConcurrency: config.pipeline.recommend.max_concurrency });
  const missing = taskResourceNames(definition).filter((name) => !(name in STAGE_FUNCTIONS));
  if (missing.length > 0) throw new Error(`no function for the state machine resources ${missing.join(", ")}`);
  const stateMachine = new sfn.StateMachine(stack, "Run", {
    stateMachineType: sfn.StateMachineType.STANDARD,
    definitionBody: sfn.DefinitionBody.fromString(JSON.stringify(definition)),
    definitionSubstitutions: Object.fromEntries(Object.entries(stageFunctions).map(([placeholder, fn]) => [placeholder, fn.functionArn])),
    // Errors only, without execution data: states carry pointers and counts, but logs stay free of payloads.
    logs: {
      destination: new logs.LogGroup(stack, "RunLogs", { retention: logs.RetentionDays.THREE_MONTHS }),
      level: sfn.LogLevel.ERROR,
      includeExecutionData: false,
    },
  });
  for (const fn of Object.values(stageFunctions)) fn.grantInvoke(stateMachine);

  const executions = `arn:${stack.partition}:states:${stack.region}:${stack.account}:execution:${stateMachine.stateMachineName}:*`;
  const trigger = ourFunction(stack, "Trigger", "trigger", deploy, {
    handler: "functions/trigger.handler",
    environment: { STATE_MACHINE_ARN: stateMachine.stateMachineArn, QUEUE_URL: inboxEvents.queueUrl, INBOX_BUCKET: inbox.bucketName },
    statements: [
      ...read(inbox),
      // The delayed re-check of a drop's quiet period (ARCHITECTURE §2 Drops).
      new iam.PolicyStatement({ actions: ["sqs:SendMessage"], resources: [inboxEvents.queueArn] }),
      new iam.PolicyStatement({ actions: ["states:StartExecution"], resources: [stateMachine.stateMachineArn] }),
      new iam.PolicyStatement({ actions: ["states:DescribeExecution"], resources: [executions] }),
    ],
  });
  trigger.addEventSource(
    new SqsEventSource(inboxEvents, {
      batchSize: 10,
      maxBatchingWindow: Duration.seconds(5),
      reportBatchItemFailures: true,
    }),
  );

  stack.addOutputs({ StateMachineArn: stateMachine.stateMachineArn });
  return { stageFunctions, trigger, stateMachine, definition };
}
