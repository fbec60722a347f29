import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { holdoutPosition, isInHoldout } from "./holdout";

describe("holdout", () => {
  const holdout = { share: 0.1, salt: "crm-reco-holdout-v1" };

  it("reads the first 8 hex digits of SHA-256(salt:code) as a fraction of 2^32", () => {
    const hex = createHash("sha256").update("crm-reco-holdout-v1:C000042").digest("hex").slice(0, 8);
    expect(holdoutPosition("C000042", "crm-reco-holdout-v1")).toBe(Number.parseInt(hex, 16) / 4294967296);
    expect(holdoutPosition("C000042", "crm-reco-holdout-v1")).toBe(holdoutPosition("C000042", "crm-reco-holdout-v1"));
  });

  it("draws about 10 % (± 2 %) of 5,000 codes, the same ones every time", () => {
    const codes = Array.from({ length: 5000 }, (_, i) => `C${String(i).padStart(6, "0")}`);
    const drawn = codes.filter((code) => isInHoldout(code, holdout));
    expect(drawn.length / codes.length).toBeGreaterThanOrEqual(0.08);
    expect(drawn.length / codes.length).toBeLessThanOrEqual(0.12);
    expect(codes.filter((code) => isInHoldout(code, holdout))).toEqual(drawn);
  });

  it("depends on the salt, and share 0 / 1 draw nobody / everybody", () => {
    const codes = Array.from({ length: 1000 }, (_, i) => `CLI${i}`);
    const a = codes.filter((code) => isInHoldout(code, holdout));
    const b = codes.filter((code) => isInHoldout(code, { ...holdout, salt: "another-salt" }));
    expect(a).not.toEqual(b);
    expect(codes.some((code) => isInHoldout(code, { ...holdout, share: 0 }))).toBe(false);
    expect(codes.every((code) => isInHoldout(code, { ...holdout, share: 1 }))).toBe(true);
  });
});
