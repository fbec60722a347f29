import { describe, expect, it } from "vitest";
import { belongsToDrop, dropOfKey, dropPrefix, objectRole } from "./drop";
import { decodeEventKey, encodeEventKey } from "./object-key";

const settings = { ready_marker: "_READY", quiet_period_seconds: 120, accepted_extensions: [".csv", ".xlsx"] };

describe("drops and object roles", () => {
  it("takes the first folder as the drop, a root object as a drop of its own", () => {
    expect(dropOfKey("2025-w23/ventes.csv")).toEqual({ dropKey: "2025-w23", root: false });
    expect(dropOfKey("2025-w23/sub/ventes.csv")).toEqual({ dropKey: "2025-w23", root: false });
    expect(dropOfKey("ventes.csv")).toEqual({ dropKey: "ventes.csv", root: true });
    expect(dropPrefix({ dropKey: "2025-w23", root: false })).toBe("2025-w23/");
    expect(belongsToDrop("2025-w23b/x.csv", { dropKey: "2025-w23", root: false })).toBe(false);
    expect(belongsToDrop("ventes.csv.bak", { dropKey: "ventes.csv", root: true })).toBe(false);
  });

  it("accepts .csv and .xlsx in any case, knows the marker, reports the rest", () => {
    expect(objectRole("d/EXPORT.CSV", settings)).toBe("data");
    expect(objectRole("d/Clients.Xlsx", settings)).toBe("data");
    expect(objectRole("d/_READY", settings)).toBe("marker");
    expect(objectRole("d/notes.pdf", settings)).toBe("other");
    expect(objectRole("d/.csv", settings)).toBe("other");
    expect(objectRole("d/ventes.csv.tmp", settings)).toBe("other");
    // A marker at the inbox root completes nothing: it is a drop of its own.
    expect(objectRole("_READY", settings)).toBe("other");
  });
});

describe("event keys", () => {
  it("decodes S3's form encoding and keeps s3rver's raw keys", () => {
    expect(decodeEventKey("2025-w23/Grand+livre+juin.csv")).toBe("2025-w23/Grand livre juin.csv");
    expect(decodeEventKey("2025-w23/r%C3%A9sum%C3%A9.csv")).toBe("2025-w23/résumé.csv");
    expect(decodeEventKey("2025-w23/100%.csv")).toBe("2025-w23/100%.csv");
    expect(decodeEventKey(encodeEventKey("d/a+b c%é.csv"))).toBe("d/a+b c%é.csv");
    expect(encodeEventKey("d/Grand livre.csv")).toBe("d/Grand+livre.csv");
  });
});
