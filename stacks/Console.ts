import { RemovalPolicy } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import * as iam from "aws-cdk-lib/aws-iam";
import { Api, Cognito, type StackContext, StaticSite, use } from "sst/constructs";
import { Database } from "./Database";
import { ourFunction } from "./lambda-function";
import { Pipeline } from "./Pipeline";
import { useAppSettings } from "./use-app-settings";

/** The console's roles (Cognito groups), highest first; functions/api.ts reads them from `cognito:groups`. */
export const CONSOLE_ROLES = ["admin", "marketing", "viewer"] as const;

/**
 * The review console: an HTTP API behind a Cognito user pool (JWT authorizer; users are invited, never self-signed),
 * one Lambda for the API, and the static site. packages/console does not exist yet: the site serves a placeholder page
 * (stacks/console-placeholder) because SST's StaticSite requires its folder to exist at synth time.
 */
export function Console({ stack, app }: StackContext) {
  const { deploy } = useAppSettings(app);
  const { databaseAccess } = use(Database);
  const { stateMachine } = use(Pipeline);
  const retain = deploy.removal === "retain";

  const auth = new Cognito(stack, "Users", {
    login: ["email"],
    identityPoolFederation: false,
    cdk: {
      userPool: {
        selfSignUpEnabled: false,
        passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: false },
        accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
        removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      },
      userPoolClient: { authFlows: { userSrp: true }, generateSecret: false, preventUserExistenceErrors: true },
    },
  });
  CONSOLE_ROLES.forEach((role, precedence) => {
    new cognito.CfnUserPoolGroup(stack, `Group-${role}`, {
      userPoolId: auth.userPoolId,
      groupName: role,
      precedence,
      description: `crm-reco console role ${role}`,
    });
  });

  const apiFunction = ourFunction(stack, "ApiHandler", "api", deploy, {
    handler: "functions/api.handler",
    // Re-runs from the console start an execution of this state machine (functions/api.ts `startRerun`).
    environment: { STATE_MACHINE_ARN: stateMachine.stateMachineArn },
    statements: [new iam.PolicyStatement({ actions: ["states:StartExecution"], resources: [stateMachine.stateMachineArn] })],
    database: databaseAccess,
  });
  const api = new Api(stack, "Api", {
    authorizers: {
      jwt: { type: "user_pool", userPool: { id: auth.userPoolId, clientIds: [auth.userPoolClientId] } },
    },
    defaults: { authorizer: "jwt" },
    routes: {
      "GET /api/health": { function: apiFunction, authorizer: "none" },
      "GET /api/runs": apiFunction,
    },
  });

  // The site's bucket only holds the built files: SST destroys it with the stack.
  const site = new StaticSite(stack, "Site", { path: "stacks/console-placeholder" });

  stack.addOutputs({
    ApiUrl: api.url,
    ConsoleUrl: site.url ?? "",
    UserPoolId: auth.userPoolId,
    UserPoolClientId: auth.userPoolClientId,
  });
  return { auth, api, apiFunction, site };
}
