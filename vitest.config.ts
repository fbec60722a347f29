import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "functions/**/*.test.ts", "tests/**/*.test.ts"],
    exclude: ["**/node_modules/**", ".crm-reco/**"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
