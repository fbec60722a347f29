import type * as ec2 from "aws-cdk-lib/aws-ec2";
import type * as iam from "aws-cdk-lib/aws-iam";
import { Function as SstFunction, type Stack } from "sst/constructs";
import type { DeploySettings } from "./app-settings";
import { stripJsonImportAttributes } from "./import-attributes-plugin";

export type DeployedFunction = keyof DeploySettings["functions"];

/** Where a function reaches the database: environment, permissions and (RDS) its place in the VPC. */
export interface DatabaseAccess {
  environment: Record<string, string>;
  statements: iam.PolicyStatement[];
  network?: { vpc: ec2.IVpc; subnets: ec2.SubnetSelection; securityGroups: ec2.ISecurityGroup[] };
}

export interface OurFunctionProps {
  /** `functions/<file>.handler`, relative to the project root. */
  handler: string;
  environment?: Record<string, string>;
  /** The complete IAM policy of the function: explicit statements only, never SST's `bind` grants. */
  statements: iam.PolicyStatement[];
  database?: DatabaseAccess;
}

/** Every function of ours is built here: the same runtime, architecture, bundling and config for all. */
export function ourFunction(
  stack: Stack,
  id: string,
  name: DeployedFunction,
  settings: DeploySettings,
  props: OurFunctionProps,
): SstFunction {
  const { memory_mb, timeout_seconds, node_options } = settings.functions[name];
  const network = props.database?.network;
  return new SstFunction(stack, id, {
    handler: props.handler,
    // Pinned: SST v2's default runtime has changed between releases and older ones reach end of life.
    runtime: "nodejs22.x",
    architecture: "arm_64",
    memorySize: memory_mb,
    timeout: timeout_seconds,
    // X-Ray would add a `Resource: "*"` statement to the role; the structured logs carry what we need.
    tracing: "disabled",
    logRetention: "three_months",
    enableLiveDev: false,
    nodejs: {
      format: "esm",
      minify: true,
      sourcemap: false,
      // `pg` requires pg-native lazily; never used, and SST would otherwise `npm install` it while bundling.
      esbuild: { external: ["pg-native"], plugins: [stripJsonImportAttributes] },
    },
    // The stages read config/*.yaml at cold start (packages/pipeline/src/environment.ts).
    copyFiles: [{ from: "config", to: "config" }],
    environment: {
      CRM_RECO_CONFIG_DIR: "config",
      ...(node_options ? { NODE_OPTIONS: node_options } : {}),
      ...props.database?.environment,
      ...props.environment,
    },
    permissions: [...props.statements, ...(props.database?.statements ?? [])],
    ...(network ? { vpc: network.vpc, vpcSubnets: network.subnets, securityGroups: network.securityGroups } : {}),
  });
}
