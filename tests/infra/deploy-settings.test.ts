import { readFileSync } from "node:fs";
import { ConfigError, parseConfig } from "@crm-reco/core";
import { loadConfigDir } from "@crm-reco/pipeline";
import { describe, expect, it } from "vitest";
import { deploySettingsFor } from "../../stacks/app-settings";

const shipped = loadConfigDir("config").config.deploy;

describe("config/deploy.yaml and the per-stage settings", () => {
  it("gives unknown stages the defaults: destroyable, RDS, Paris", () => {
    const dev = deploySettingsFor(shipped, "alice");
    expect(dev).toEqual(shipped.defaults);
    expect(dev.removal).toBe("destroy");
    expect(dev.region).toBe("eu-west-3");
    expect(deploySettingsFor(shipped, undefined)).toEqual(shipped.defaults);
  });

  it("applies a stage's overrides one level deep, field by field", () => {
    const prod = deploySettingsFor(shipped, "prod");
    expect(prod.removal).toBe("retain");
    expect(prod.database.rds).toEqual({ ...shipped.defaults.database.rds, backup_retention_days: 14 });
    expect(prod.functions).toEqual(shipped.defaults.functions);

    const deploy = {
      ...shipped,
      stages: {
        staging: {
          database: { mode: "external" as const },
          functions: { recommend: { memory_mb: 2048 } },
          alarms: { emails: ["ops@example.fr"] },
        },
      },
    };
    const staging = deploySettingsFor(deploy, "staging");
    expect(staging.database.mode).toBe("external");
    expect(staging.database.rds).toEqual(shipped.defaults.database.rds);
    expect(staging.functions.recommend).toEqual({ memory_mb: 2048, timeout_seconds: shipped.defaults.functions.recommend.timeout_seconds });
    expect(staging.functions.ingest).toEqual(shipped.defaults.functions.ingest);
    expect(staging.alarms).toEqual({ ...shipped.defaults.alarms, emails: ["ops@example.fr"] });
    // The input is not mutated.
    expect(deploy.stages.staging.functions.recommend).toEqual({ memory_mb: 2048 });
  });

  it("rejects unknown keys and out-of-range values, naming file and key", () => {
    const texts = Object.fromEntries(
      ["pipeline", "mappings", "features", "scenarios", "scoring", "audit", "aromas", "notifications", "deploy"].map((name) => [
        `${name}.yaml`,
        readFileSync(`config/${name}.yaml`, "utf8"),
      ]),
    );
    const broken = (deployYaml: string) => () => parseConfig({ ...texts, "deploy.yaml": deployYaml });
    const withTimeout = texts["deploy.yaml"]!.replace(
      "trigger: { memory_mb: 256, timeout_seconds: 60 }",
      "trigger: { memory_mb: 256, timeout_seconds: 901 }",
    );
    expect(withTimeout).not.toBe(texts["deploy.yaml"]);
    expect(broken(withTimeout)).toThrow(/deploy\.yaml: defaults\.functions\.trigger\.timeout_seconds/);
    expect(broken(`${texts["deploy.yaml"]}\n  staging:\n    memory: 1\n`)).toThrow(/deploy\.yaml: stages\.staging: unknown key "memory"/);
    expect(broken(texts["deploy.yaml"]!.replace("mode: rds", "mode: aurora"))).toThrow(ConfigError);
  });
});
