import { describe, expect, it } from "vitest";
import { decideDrop } from "./drop-decision";

const settings = { ready_marker: "_READY", quiet_period_seconds: 120, accepted_extensions: [".csv", ".xlsx"] };
const drop = { dropKey: "w23", root: false };
const at = (time: string) => new Date(`2025-06-02T${time}Z`);
const object = (key: string, time: string) => ({ key, etag: `e-${key}`, size: 1, lastModified: at(time) });

describe("decideDrop", () => {
  it("starts a drop with its marker at once, with the data files only", () => {
    const decision = decideDrop(
      drop,
      [object("w23/a.csv", "08:00:00"), object("w23/notes.pdf", "08:00:01"), object("w23/_READY", "08:00:02")],
      settings,
      at("08:00:03"),
    );
    expect(decision).toEqual({ action: "start", reason: "marker", files: [{ key: "w23/a.csv", etag: "e-w23/a.csv", size: 1 }] });
  });

  it("waits for the quiet period after the newest object, then starts", () => {
    const objects = [object("w23/a.csv", "08:00:00"), object("w23/b.csv", "08:01:00")];
    expect(decideDrop(drop, objects, settings, at("08:02:30"))).toMatchObject({ action: "wait", seconds: 30, newestAt: at("08:01:00") });
    expect(decideDrop(drop, objects, settings, at("08:03:00"))).toMatchObject({ action: "start", reason: "quiet" });
  });

  it("caps a wait at SQS's 900 s and does nothing for a drop without data files", () => {
    const long = { ...settings, quiet_period_seconds: 3600 };
    expect(decideDrop(drop, [object("w23/a.csv", "08:00:00")], long, at("08:00:00"))).toMatchObject({ action: "wait", seconds: 900 });
    expect(decideDrop(drop, [object("w23/_READY", "08:00:00"), object("w23/x.pdf", "08:00:00")], settings, at("09:00:00"))).toEqual({
      action: "none",
      reason: "no-data-files",
    });
  });
});
