import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { toCanonicalJson } from "./canonical-json";
import { buildManifest, digestFile } from "./manifest";

describe("manifest", () => {
  it("hashes the UTF-8 bytes of each file and lists them sorted by name", () => {
    const campaign = digestFile("campaign.csv", "\uFEFFEXT_ID\n");
    expect(campaign.bytes).toBe(10);
    expect(campaign.sha256).toBe(
      createHash("sha256")
        .update(Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from("EXT_ID\n")]))
        .digest("hex"),
    );
    // Known vector: SHA-256 of "abc".
    expect(digestFile("x", Buffer.from("abc")).sha256).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const manifest = buildManifest("run-1", 1, [digestFile("rejects.csv", "abc"), campaign]);
    expect(JSON.parse(manifest)).toEqual({
      files: [
        { name: "campaign.csv", sha256: campaign.sha256, bytes: 10 },
        { name: "rejects.csv", sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", bytes: 3 },
      ],
      runId: "run-1",
      version: 1,
    });
    expect(manifest.endsWith("}\n")).toBe(true);
  });

  it("writes JSON with keys sorted by code points at every depth and a 2-space indent", () => {
    expect(toCanonicalJson({ b: 1, a: { z: [{ y: 1, x: 2 }], Z: null }, ignored: undefined })).toBe(
      '{\n  "a": {\n    "Z": null,\n    "z": [\n      {\n        "x": 2,\n        "y": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
  });
});
