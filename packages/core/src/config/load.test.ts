import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ConfigError, type ConfigTexts, configHash, parseConfig } from "./load";

const CONFIG_DIR = fileURLToPath(new URL("../../../../config/", import.meta.url));

function shippedTexts(): ConfigTexts {
  const texts: Record<string, string> = {};
  for (const name of readdirSync(CONFIG_DIR)) if (name.endsWith(".yaml")) texts[name] = readFileSync(`${CONFIG_DIR}${name}`, "utf8");
  return texts as ConfigTexts;
}

function problemsOf(texts: ConfigTexts): string[] {
  try {
    parseConfig(texts);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("configuration files", () => {
  it("accepts the shipped config/ directory", () => {
    const config = parseConfig(shippedTexts());
    expect(config.pipeline.recommend.shard_size).toBeGreaterThan(0);
    expect(config.notifications.language).toBe("fr");
  });

  it("names the file, the key path and the problem", () => {
    const texts = shippedTexts();
    texts["pipeline.yaml"] = texts["pipeline.yaml"]!.replace(/shard_size: \d+/, "shard_size: beaucoup");
    expect(problemsOf(texts)).toEqual([expect.stringMatching(/^pipeline\.yaml: recommend\.shard_size: .*expected number/)]);
  });

  it("rejects unknown keys by name", () => {
    const texts = shippedTexts();
    texts["pipeline.yaml"] = `${texts["pipeline.yaml"]}\nshard_sise: 10\n`;
    expect(problemsOf(texts)).toEqual(['pipeline.yaml: (top level): unknown key "shard_sise"']);
  });

  it("reports a missing file and invalid YAML, every problem at once", () => {
    const texts = shippedTexts();
    delete texts["scoring.yaml"];
    texts["notifications.yaml"] = "sender: [unclosed";
    const problems = problemsOf(texts);
    expect(problems).toContain("scoring.yaml: file is missing");
    expect(problems.some((problem) => problem.startsWith("notifications.yaml: not valid YAML:"))).toBe(true);
  });

  it("hashes the texts, so any edit changes the run's config hash", () => {
    const texts = shippedTexts();
    const edited = { ...texts, "pipeline.yaml": `${texts["pipeline.yaml"]}# comment\n` };
    expect(configHash(texts)).toBe(configHash(shippedTexts()));
    expect(configHash(edited)).not.toBe(configHash(texts));
  });
});
