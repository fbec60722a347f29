import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { type MappingsConfig, mappingsConfigSchema } from "../config/mappings";

/** The shipped `config/mappings.yaml`, validated (tests only). */
export function loadShippedMappings(): MappingsConfig {
  const text = readFileSync(new URL("../../../../config/mappings.yaml", import.meta.url), "utf8");
  return mappingsConfigSchema.parse(parseYaml(text));
}
