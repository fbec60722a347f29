import { join } from "node:path";
import { load } from "sst/stacks/build.js";
import { describe, expect, it } from "vitest";

/**
 * `npx sst deploy` first bundles sst.config.ts (and everything the stacks import) with SST's own esbuild 0.18, then
 * imports it. That esbuild predates import attributes (`with { type: "json" }`), so this test catches any source on
 * the stacks' import path that `sst deploy` could not even load — without calling AWS.
 */
describe("sst.config.ts", () => {
  it("loads the way the sst CLI loads it, and resolves each stage's region from deploy.yaml", async () => {
    const [, config] = (await load(join(process.cwd(), "sst.config.ts"), false)) as [
      unknown,
      { config: (globals: { stage?: string; root?: string }) => unknown; stacks: unknown },
    ];
    expect(typeof config.stacks).toBe("function");
    expect(config.config({ stage: "prod", root: process.cwd() })).toEqual({ name: "crm-reco", region: "eu-west-3" });
    expect(config.config({ root: process.cwd() })).toEqual({ name: "crm-reco", region: "eu-west-3" });
  }, 120_000);
});
