import { readFile } from "node:fs/promises";
import type { FunctionProps } from "sst/constructs";

type Plugin = NonNullable<NonNullable<NonNullable<FunctionProps["nodejs"]>["esbuild"]>["plugins"]>[number];

/**
 * SST v2 bundles functions with its own esbuild 0.18, which predates import attributes
 * (`import x from "./x.json" with { type: "json" }`) and fails on them. The attribute only matters to Node's own
 * loader; for esbuild a `.json` import is JSON either way, so it is dropped from our TypeScript sources.
 */
export const stripJsonImportAttributes: Plugin = {
  name: "strip-json-import-attributes",
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, async (args) => {
      if (args.path.includes("/node_modules/")) return undefined;
      const source = await readFile(args.path, "utf8");
      if (!source.includes("with {")) return undefined;
      return { contents: source.replace(/(\.json["'])\s+with\s*\{\s*type:\s*["']json["']\s*\}/g, "$1"), loader: "ts" };
    });
  },
};
