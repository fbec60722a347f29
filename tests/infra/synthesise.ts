import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import { App, getStack } from "sst/constructs";
import { setProject } from "sst/project.js";
import { Alarms } from "../../stacks/Alarms";
import { Console } from "../../stacks/Console";
import { Database } from "../../stacks/Database";
import { Notify } from "../../stacks/Notify";
import { Pipeline } from "../../stacks/Pipeline";
import { Storage } from "../../stacks/Storage";

export const STACKS = { Storage, Database, Notify, Pipeline, Console, Alarms } as const;
export type StackName = keyof typeof STACKS;

export interface Synthesis {
  app: App;
  templates: Record<StackName, Template>;
}

/**
 * Every stack of sst.config.ts, synthesised offline (no credentials, no network): `app.finish()` bundles each
 * function with esbuild, so a test file synthesises once (beforeAll). One stage per test file: the bundles land in
 * `.sst/artifacts/<construct address>`, which differs by stage, so parallel files never share a folder.
 */
export async function synthesise(stage: string, only: StackName[] = Object.keys(STACKS) as StackName[]): Promise<Synthesis> {
  useTestProject(stage);
  const app = new App({ mode: "deploy", name: "crm-reco", stage, region: "eu-west-3", account: "123456789012" });
  // The order of sst.config.ts (each stack only uses the ones before it).
  for (const name of only) app.stack(STACKS[name]);
  await app.finish();
  const templates = Object.fromEntries(only.map((name) => [name, Template.fromStack(getStack(STACKS[name]))])) as Record<
    StackName,
    Template
  >;
  return { app, templates };
}

/**
 * What `initProject` sets up, minus loading sst.config.ts (tests/infra/sst-config.test.ts covers that): the stacks
 * are imported directly here, so a synthesis does not depend on the config loader.
 */
function useTestProject(stage: string): void {
  const root = process.cwd();
  const out = join(root, ".sst");
  mkdirSync(out, { recursive: true });
  setProject({
    version: "test",
    cdkVersion: "test",
    constructsVersion: "test",
    config: { name: "crm-reco", stage, region: "eu-west-3", ssmPrefix: `/sst/crm-reco/${stage}/` },
    stacks: () => {},
    metafile: { inputs: {}, outputs: {} },
    paths: { config: join(root, "sst.config.ts"), root, out, artifacts: join(out, "artifacts") },
  });
}
