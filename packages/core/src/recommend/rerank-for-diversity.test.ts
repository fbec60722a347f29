import { describe, expect, it } from "vitest";
import { rerankForDiversity } from "./rerank-for-diversity";

const candidate = (id: string, cuvee: string, familyKey: string | null) => ({ id, item: { cuvee, familyKey } });

describe("rerankForDiversity", () => {
  it("keeps one vintage per cuvée and two wines per family, greedily in rank order", () => {
    const ranked = [
      candidate("LAV20", "lav", "rouge"),
      candidate("LAV19", "lav", "rouge"),
      candidate("GT", "gt", "rouge"),
      candidate("CRA", "cra", "rouge"),
      candidate("CHM", "chm", "blanc"),
      candidate("PBL", "pbl", "blanc"),
    ];
    const { selected, rest } = rerankForDiversity(ranked, { count: 3, maxPerCuvee: 1, maxPerFamily: 2 });
    expect(selected.map((c) => c.id)).toEqual(["LAV20", "GT", "CHM"]);
    expect(rest.map((c) => c.id)).toEqual(["LAV19", "CRA", "PBL"]);
  });

  it("counts already selected wines and leaves unknown families uncapped", () => {
    const ranked = [candidate("R", "r", "rouge"), candidate("N1", "n1", null), candidate("N2", "n2", null)];
    const { selected } = rerankForDiversity(ranked, { count: 2, maxPerCuvee: 1, maxPerFamily: 1 }, [candidate("X", "x", "rouge")]);
    expect(selected.map((c) => c.id)).toEqual(["N1", "N2"]);
  });
});
