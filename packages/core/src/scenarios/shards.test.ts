import { describe, expect, it } from "vitest";
import { planShards } from "./shards";

describe("recommend shards", () => {
  it("cuts contiguous blocks and tells each shard the total", () => {
    const plan = planShards(["A", "B", "C", "D", "E"], 2);
    expect([...plan.shardOf.entries()]).toEqual([
      ["A", 0],
      ["B", 0],
      ["C", 1],
      ["D", 1],
      ["E", 2],
    ]);
    expect(plan.shards).toEqual([
      { index: 0, count: 3 },
      { index: 1, count: 3 },
      { index: 2, count: 3 },
    ]);
  });

  it("has no shard without contactable customers", () => {
    expect(planShards([], 1000).shards).toEqual([]);
  });
});
