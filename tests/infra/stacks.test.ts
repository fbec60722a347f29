import { join } from "node:path";
import { loadConfigDir, renderDefinition, taskResourceNames } from "@crm-reco/pipeline";
// @ts-expect-error asl-validator ships no types
import aslValidator from "asl-validator";
import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { type StackName, type Synthesis, synthesise } from "./synthesise";

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };
type Resources = Record<string, Resource>;

const { config } = loadConfigDir(join(process.cwd(), "config"));
const deploy = config.deploy.defaults;
/** Our functions' handlers; everything else (SST/CDK custom resources) is exempt from the IAM scan. */
const OUR_HANDLERS = [
  "functions/api.handler",
  "functions/audit.handler",
  "functions/export.handler",
  "functions/features.handler",
  "functions/ingest.handler",
  "functions/mark-failed.handler",
  "functions/migrate.handler",
  "functions/notify.handler",
  "functions/recommend.handler",
  "functions/scenarios.handler",
  "functions/trigger.handler",
];

let synthesis: Synthesis;
const resources = (stack: StackName): Resources => synthesis.templates[stack].toJSON().Resources;
const template = (stack: StackName): Template => synthesis.templates[stack];
const allResources = (): Array<[StackName, string, Resource]> =>
  (Object.keys(synthesis.templates) as StackName[]).flatMap((stack) =>
    Object.entries(resources(stack)).map(([id, resource]): [StackName, string, Resource] => [stack, id, resource]),
  );
const ofType = (stack: StackName, type: string) => Object.entries(resources(stack)).filter(([, r]) => r.Type === type);
const ourFunctions = () =>
  allResources().filter(([, , r]) => r.Type === "AWS::Lambda::Function" && OUR_HANDLERS.includes(r.Properties.Handler));
const functionId = (stack: StackName, handler: string) => {
  const found = ofType(stack, "AWS::Lambda::Function").find(([, r]) => r.Properties.Handler === handler);
  if (!found) throw new Error(`no function ${handler} in ${stack}`);
  return found[0];
};

describe("the AWS stacks, synthesised offline (stage test: rds database, destroyable)", () => {
  beforeAll(async () => {
    synthesis = await synthesise("test");
  }, 240_000);

  describe("Storage", () => {
    it("encrypts, versions and blocks public access on both buckets; raw inbox files expire after retention.inbox_days", () => {
      const buckets = ofType("Storage", "AWS::S3::Bucket");
      expect(buckets).toHaveLength(2);
      for (const [, bucket] of buckets) {
        expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe(
          "AES256",
        );
        expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: "Enabled" });
        expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
        expect(bucket.DeletionPolicy).toBe("Delete");
      }
      template("Storage").hasResourceProperties("AWS::S3::Bucket", {
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({
              ExpirationInDays: config.pipeline.retention.inbox_days,
              NoncurrentVersionExpiration: { NoncurrentDays: 1 },
              Status: "Enabled",
            }),
          ]),
        },
      });
    });

    it("sends every inbox ObjectCreated to the queue, with no suffix filter", () => {
      const [notifications] = allResources().filter(([, , r]) => r.Type === "Custom::S3BucketNotifications");
      const configuration = notifications?.[2].Properties.NotificationConfiguration;
      expect(configuration.QueueConfigurations).toHaveLength(1);
      expect(configuration.QueueConfigurations[0]).toEqual({
        Events: ["s3:ObjectCreated:*"],
        QueueArn: { "Fn::GetAtt": [expect.stringMatching(/^InboxEvents/), "Arn"] },
      });
      expect(notifications?.[2].Properties.BucketName).toEqual({ Ref: expect.stringMatching(/^Inbox/) });
    });

    it("redrives to a dead-letter queue after 3 receives; visibility timeout is 6 × the trigger timeout", () => {
      const [, queue] = ofType("Storage", "AWS::SQS::Queue").find(
        ([id]) => id.startsWith("InboxEvents") && !id.startsWith("InboxEventsDeadLetters"),
      )!;
      expect(queue.Properties.RedrivePolicy).toEqual({
        deadLetterTargetArn: { "Fn::GetAtt": [expect.stringMatching(/^InboxEventsDeadLetters/), "Arn"] },
        maxReceiveCount: 3,
      });
      expect(queue.Properties.VisibilityTimeout).toBe(6 * deploy.functions.trigger.timeout_seconds);
      const trigger = resources("Pipeline")[functionId("Pipeline", "functions/trigger.handler")]!;
      expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * trigger.Properties.Timeout);
    });
  });

  describe("Pipeline", () => {
    it("runs the trigger on the queue with partial-batch failure reporting", () => {
      template("Pipeline").hasResourceProperties("AWS::Lambda::EventSourceMapping", {
        FunctionName: { Ref: functionId("Pipeline", "functions/trigger.handler") },
        EventSourceArn: { "Fn::ImportValue": Match.stringLikeRegexp("InboxEvents") },
        FunctionResponseTypes: ["ReportBatchItemFailures"],
      });
    });

    it("deploys the very ASL the local runner executes, each placeholder substituted with its stage function's ARN", () => {
      const [[, machine]] = ofType("Pipeline", "AWS::StepFunctions::StateMachine") as [[string, Resource]];
      const rendered = renderDefinition({ recommendMaxConcurrency: config.pipeline.recommend.max_concurrency });
      expect(JSON.parse(machine.Properties.DefinitionString)).toEqual(rendered);
      expect(machine.Properties.StateMachineType).toBe("STANDARD");
      const files: Record<string, string> = {
        IngestFunctionArn: "ingest",
        FeaturesFunctionArn: "features",
        ScenariosFunctionArn: "scenarios",
        RecommendFunctionArn: "recommend",
        AuditFunctionArn: "audit",
        ExportFunctionArn: "export",
        NotifyFunctionArn: "notify",
        MarkFailedFunctionArn: "mark-failed",
      };
      expect(Object.keys(machine.Properties.DefinitionSubstitutions).sort()).toEqual(taskResourceNames(rendered));
      for (const [placeholder, file] of Object.entries(files))
        expect(machine.Properties.DefinitionSubstitutions[placeholder]).toEqual({
          "Fn::GetAtt": [functionId("Pipeline", `functions/${file}.handler`), "Arn"],
        });
    });

    it("the deployed definition, ARNs substituted, is valid ASL", () => {
      const [[, machine]] = ofType("Pipeline", "AWS::StepFunctions::StateMachine") as [[string, Resource]];
      let text = machine.Properties.DefinitionString as string;
      for (const placeholder of Object.keys(machine.Properties.DefinitionSubstitutions))
        text = text.replaceAll(`\${${placeholder}}`, `arn:aws:lambda:eu-west-3:123456789012:function:test-${placeholder}`);
      expect(text).not.toContain("${");
      const { isValid, errorsText } = aslValidator(JSON.parse(text), { checkPaths: true, checkArn: true });
      expect(errorsText?.("\n") ?? "").toBe("");
      expect(isValid).toBe(true);
    });

    it("lets the state machine invoke exactly the stage functions", () => {
      const [[, policy]] = ofType("Pipeline", "AWS::IAM::Policy").filter(([id]) => id.startsWith("RunRole")) as [[string, Resource]];
      const invoked = policy.Properties.PolicyDocument.Statement.filter(
        (s: { Action: string }) => s.Action === "lambda:InvokeFunction",
      ).map((s: { Resource: [{ "Fn::GetAtt": [string] }] }) => s.Resource[0]["Fn::GetAtt"][0]);
      expect(invoked.sort()).toEqual(
        ["ingest", "features", "scenarios", "recommend", "audit", "export", "notify", "mark-failed"]
          .map((file) => functionId("Pipeline", `functions/${file}.handler`))
          .sort(),
      );
    });
    it("gives ingest a generated, always-retained erasure salt secret, and only ingest", () => {
      template("Pipeline").hasResource("AWS::SecretsManager::Secret", {
        DeletionPolicy: "Retain",
        Properties: Match.objectLike({ GenerateSecretString: Match.objectLike({ PasswordLength: 48 }) }),
      });
      const withSalt = ofType("Pipeline", "AWS::Lambda::Function").filter(
        ([, fn]) => fn.Properties.Environment?.Variables?.CRM_RECO_ERASURE_SALT_SECRET_ARN !== undefined,
      );
      expect(withSalt.map(([id]) => id)).toEqual([functionId("Pipeline", "functions/ingest.handler")]);
    });
  });

  describe("every function we write", () => {
    it("is pinned to nodejs22.x on arm64, with memory, timeout and Node options from deploy.yaml and config/ bundled", () => {
      const functions = ourFunctions();
      expect(functions.map(([, , r]) => r.Properties.Handler).sort()).toEqual(OUR_HANDLERS);
      for (const [, , fn] of functions) {
        expect(fn.Properties.Runtime).toBe("nodejs22.x");
        expect(fn.Properties.Architectures).toEqual(["arm64"]);
        expect(fn.Properties.Environment.Variables.CRM_RECO_CONFIG_DIR).toBe("config");
        expect(fn.Properties.TracingConfig).toBeUndefined();
      }
      const ingest = resources("Pipeline")[functionId("Pipeline", "functions/ingest.handler")]!;
      expect(ingest.Properties.MemorySize).toBe(deploy.functions.ingest.memory_mb);
      expect(ingest.Properties.Timeout).toBe(deploy.functions.ingest.timeout_seconds);
      // node_options becomes NODE_OPTIONS where set (ingest), and nothing elsewhere.
      expect(deploy.functions.ingest.node_options).toMatch(/^--/);
      for (const [, , fn] of functions)
        expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBe(fn === ingest ? deploy.functions.ingest.node_options : undefined);
    });

    it("reaches the database from the VPC through the RDS secret, except the trigger which needs no database", () => {
      for (const [, , fn] of ourFunctions()) {
        const variables = fn.Properties.Environment.Variables;
        if (fn.Properties.Handler === "functions/trigger.handler") {
          expect(fn.Properties.VpcConfig).toBeUndefined();
          expect(variables.DATABASE_SECRET_ARN).toBeUndefined();
          expect(Object.keys(variables)).toEqual(expect.arrayContaining(["STATE_MACHINE_ARN", "QUEUE_URL", "INBOX_BUCKET"]));
        } else {
          expect(fn.Properties.VpcConfig.SubnetIds.length).toBe(2);
          expect(variables.DATABASE_SECRET_ARN).toBeDefined();
          expect(variables.NODE_EXTRA_CA_CERTS).toBe("/var/runtime/ca-cert.pem");
        }
      }
    });

    it("has only scoped IAM statements: no Resource *, no s3:* or states:* (CDK/SST helper functions exempt)", () => {
      const roles = new Set(ourFunctions().map(([, , fn]) => fn.Properties.Role["Fn::GetAtt"][0] as string));
      expect(roles.size).toBe(OUR_HANDLERS.length);
      const policies = allResources().filter(
        ([, , r]) => r.Type === "AWS::IAM::Policy" && r.Properties.Roles.some((role: { Ref: string }) => roles.has(role.Ref)),
      );
      expect(policies.length).toBe(OUR_HANDLERS.length);
      for (const [, id, policy] of policies) {
        for (const statement of policy.Properties.PolicyDocument.Statement) {
          const actions = [statement.Action].flat() as string[];
          const targets = [statement.Resource].flat();
          expect(statement.Effect, id).toBe("Allow");
          expect(targets, `${id} ${actions}`).not.toContain("*");
          for (const target of targets) if (typeof target === "string") expect(target, id).not.toMatch(/^\*$|:\*$/);
          for (const action of actions) expect(action, id).not.toMatch(/^\*$|^s3:\*$|^states:\*$|^[a-z0-9-]+:\*$/);
        }
      }
    });

    it("grants each stage only what it touches", () => {
      const actionsOf = (handler: string) => {
        const stack = handler === "functions/api.handler" ? "Console" : handler === "functions/migrate.handler" ? "Database" : "Pipeline";
        const role = resources(stack)[functionId(stack, handler)]!.Properties.Role["Fn::GetAtt"][0];
        const [[, policy]] = ofType(stack, "AWS::IAM::Policy").filter(([, r]) => r.Properties.Roles[0].Ref === role) as [
          [string, Resource],
        ];
        return policy.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat()).sort();
      };
      expect(actionsOf("functions/features.handler")).toEqual(["secretsmanager:GetSecretValue"]);
      // Two secrets: the database's and the erasure salt's.
      expect(actionsOf("functions/ingest.handler")).toEqual([
        "s3:GetObject",
        "s3:ListBucket",
        "secretsmanager:GetSecretValue",
        "secretsmanager:GetSecretValue",
      ]);
      expect(actionsOf("functions/export.handler")).toEqual([
        "s3:GetObject",
        "s3:ListBucket",
        "s3:PutObject",
        "secretsmanager:GetSecretValue",
      ]);
      expect(actionsOf("functions/notify.handler")).toEqual([
        "s3:GetObject",
        "secretsmanager:GetSecretValue",
        "ses:SendEmail",
        "ses:SendRawEmail",
      ]);
      expect(actionsOf("functions/trigger.handler")).toEqual([
        "s3:GetObject",
        "s3:ListBucket",
        "sqs:ChangeMessageVisibility",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl",
        "sqs:ReceiveMessage",
        "sqs:SendMessage",
        "states:DescribeExecution",
        "states:StartExecution",
      ]);
      // Re-runs from the console start executions of the pipeline's state machine (STATE_MACHINE_ARN).
      expect(actionsOf("functions/api.handler")).toEqual(["secretsmanager:GetSecretValue", "states:StartExecution"]);
      const api = resources("Console")[functionId("Console", "functions/api.handler")]!;
      expect(Object.keys(api.Properties.Environment.Variables)).toContain("STATE_MACHINE_ARN");
    });
  });

  describe("Database and Notify", () => {
    it("runs PostgreSQL 16, encrypted, private, credentials generated in Secrets Manager; migrations at every deploy", () => {
      template("Database").hasResourceProperties("AWS::RDS::DBInstance", {
        Engine: "postgres",
        EngineVersion: Match.stringLikeRegexp("^16"),
        DBInstanceClass: `db.${deploy.database.rds.instance_class}`,
        StorageEncrypted: true,
        PubliclyAccessible: false,
      });
      template("Database").resourceCountIs("AWS::SecretsManager::Secret", 1);
      const [[, script]] = ofType("Database", "Custom::SSTScript") as [[string, Resource]];
      expect(script.Properties.UserCreateFunction).toEqual({ Ref: functionId("Database", "functions/migrate.handler") });
      expect(script.Properties.UserUpdateFunction).toEqual({ Ref: functionId("Database", "functions/migrate.handler") });
      const [[, instance]] = ofType("Database", "AWS::RDS::DBInstance") as [[string, Resource]];
      expect(instance.DeletionPolicy).toBe("Delete");
    });

    it("creates the SES identity of notifications.yaml's sender", () => {
      template("Notify").hasResourceProperties("AWS::SES::EmailIdentity", { EmailIdentity: config.notifications.sender });
    });
  });

  describe("Console", () => {
    it("has the Cognito groups admin, marketing and viewer, and no self sign-up", () => {
      const groups = ofType("Console", "AWS::Cognito::UserPoolGroup").map(([, r]) => r.Properties.GroupName);
      expect(groups.sort()).toEqual(["admin", "marketing", "viewer"]);
      template("Console").hasResourceProperties("AWS::Cognito::UserPool", {
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      });
    });

    it("puts the API behind a JWT authorizer on the user pool; only the health route is open", () => {
      template("Console").hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
        AuthorizerType: "JWT",
        JwtConfiguration: { Audience: [{ Ref: Match.anyValue() }], Issuer: Match.anyValue() },
      });
      const routes = Object.fromEntries(
        ofType("Console", "AWS::ApiGatewayV2::Route").map(([, r]) => [r.Properties.RouteKey, r.Properties.AuthorizationType]),
      );
      expect(routes).toEqual({ "GET /api/health": "NONE", "GET /api/runs": "JWT" });
    });
  });

  describe("Alarms", () => {
    it("alarms on the dead-letter queue, failed and timed-out runs and every function's errors, to the SNS topic", () => {
      const alarms = ofType("Alarms", "AWS::CloudWatch::Alarm").map(([, r]) => r.Properties);
      const byMetric = (name: string) => alarms.filter((a) => a.MetricName === name);
      expect(byMetric("ApproximateNumberOfMessagesVisible")).toEqual([
        expect.objectContaining({ Threshold: 1, ComparisonOperator: "GreaterThanOrEqualToThreshold", Namespace: "AWS/SQS" }),
      ]);
      expect(byMetric("ExecutionsFailed")).toHaveLength(1);
      expect(byMetric("ExecutionsTimedOut")).toHaveLength(1);
      // Every function but migrate (a failed migration fails the deploy itself).
      expect(byMetric("Errors")).toHaveLength(OUR_HANDLERS.length - 1);
      const [[topic]] = ofType("Alarms", "AWS::SNS::Topic") as [[string, Resource]];
      for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topic }]);
      const subscribed = ofType("Alarms", "AWS::SNS::Subscription").map(([, r]) => r.Properties);
      expect(subscribed.map((s) => s.Endpoint).sort()).toEqual([...config.notifications.recipients].sort());
      expect(subscribed.every((s) => s.Protocol === "email")).toBe(true);
    });
  });
});
