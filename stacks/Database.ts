import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as rds from "aws-cdk-lib/aws-rds";
import { Config, Script, type Stack, type StackContext } from "sst/constructs";
import { useProject } from "sst/project.js";
import type { DeploySettings } from "./app-settings";
import { type DatabaseAccess, ourFunction } from "./lambda-function";
import { useAppSettings } from "./use-app-settings";

/** The Amazon CA bundle of the Lambda Node.js runtime: lets `pg` verify the RDS certificate (sslmode=verify-full). */
const LAMBDA_CA_BUNDLE = "/var/runtime/ca-cert.pem";
const POSTGRES_PORT = 5432;

/**
 * PostgreSQL 16 on RDS in a VPC (credentials in Secrets Manager), or an external database whose URL is the SST
 * secret `DATABASE_URL` (deploy.yaml `database.mode`). Migrations run at every deploy through an SST Script.
 * The functions resolve the URL at cold start (packages/pipeline/src/database-url.ts).
 */
export function Database({ stack, app }: StackContext) {
  const { deploy } = useAppSettings(app);
  const database = deploy.database.mode === "rds" ? rdsDatabase(stack, deploy) : externalDatabase(stack, useProject().config.ssmPrefix);

  const migrate = ourFunction(stack, "Migrate", "migrate", deploy, {
    handler: "functions/migrate.handler",
    statements: [],
    database: database.access,
  });
  const migrations = new Script(stack, "Migrations", { onCreate: migrate, onUpdate: migrate });
  if (database.instance) migrations.node.addDependency(database.instance);

  return { databaseAccess: database.access, databaseInstance: database.instance, migrate };
}

function rdsDatabase(stack: Stack, deploy: DeploySettings): { access: DatabaseAccess; instance: rds.DatabaseInstance } {
  const settings = deploy.database.rds;
  const retain = deploy.removal === "retain";
  const natGatewayProvider =
    settings.nat === "instance"
      ? ec2.NatProvider.instanceV2({
          instanceType: new ec2.InstanceType("t4g.nano"),
          machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
          defaultAllowedTraffic: ec2.NatTrafficDirection.OUTBOUND_ONLY,
        })
      : ec2.NatProvider.gateway();
  const vpc = new ec2.Vpc(stack, "Vpc", {
    maxAzs: 2,
    natGateways: 1,
    natGatewayProvider,
    subnetConfiguration: [
      { name: "public", subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: "functions", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
      { name: "database", subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ],
  });
  // S3 traffic (inbox reads, export writes) stays off the NAT.
  vpc.addGatewayEndpoint("S3", { service: ec2.GatewayVpcEndpointAwsService.S3 });
  if (settings.nat === "instance") {
    // The NAT instance's security group admits nothing by default: let the VPC's own traffic out through it.
    (natGatewayProvider as ec2.NatInstanceProviderV2).connections.allowFrom(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.allTraffic());
  }

  const functionsSecurityGroup = new ec2.SecurityGroup(stack, "FunctionsSecurityGroup", {
    vpc,
    description: "crm-reco functions that reach the database",
    allowAllOutbound: true,
  });
  const databaseSecurityGroup = new ec2.SecurityGroup(stack, "DatabaseSecurityGroup", {
    vpc,
    description: "crm-reco PostgreSQL: reachable from the functions only",
    allowAllOutbound: false,
  });
  databaseSecurityGroup.addIngressRule(functionsSecurityGroup, ec2.Port.tcp(POSTGRES_PORT), "functions to PostgreSQL");

  const instance = new rds.DatabaseInstance(stack, "Postgres", {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
    instanceType: new ec2.InstanceType(settings.instance_class),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    securityGroups: [databaseSecurityGroup],
    port: POSTGRES_PORT,
    credentials: rds.Credentials.fromGeneratedSecret("crm_reco"),
    databaseName: "crm_reco",
    allocatedStorage: settings.allocated_storage_gb,
    storageType: rds.StorageType.GP3,
    storageEncrypted: true,
    multiAz: settings.multi_az,
    publiclyAccessible: false,
    backupRetention: Duration.days(settings.backup_retention_days),
    caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
    deletionProtection: retain,
    removalPolicy: retain ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
  });
  const secret = instance.secret;
  if (!secret) throw new Error("the RDS instance has no generated secret");

  return {
    instance,
    access: {
      environment: { DATABASE_SECRET_ARN: secret.secretArn, NODE_EXTRA_CA_CERTS: LAMBDA_CA_BUNDLE },
      statements: [new iam.PolicyStatement({ actions: ["secretsmanager:GetSecretValue"], resources: [secret.secretArn] })],
      network: {
        vpc,
        subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        securityGroups: [functionsSecurityGroup],
      },
    },
  };
}

/** `npx sst secrets set DATABASE_URL "postgres://…" --stage <stage>` writes this SSM SecureString. */
function externalDatabase(stack: Stack, ssmPrefix: string): { access: DatabaseAccess; instance?: undefined } {
  new Config.Secret(stack, "DATABASE_URL");
  const parameterName = `${ssmPrefix}Secret/DATABASE_URL/value`;
  return {
    access: {
      environment: { DATABASE_URL_PARAMETER: parameterName },
      statements: [
        new iam.PolicyStatement({
          actions: ["ssm:GetParameter"],
          resources: [`arn:${stack.partition}:ssm:${stack.region}:${stack.account}:parameter${parameterName}`],
        }),
      ],
    },
  };
}
