import { describe, expect, it } from "vitest";
import { cuveeKey } from "./cuvee-key";

describe("cuveeKey", () => {
  it("uses the cuvee column, else the label without any 4-digit year, compared without case or accents", () => {
    expect(cuveeKey("Clos des Lavières", "whatever", "LAV19")).toBe("clos des lavieres");
    expect(cuveeKey(null, "Clos des Lavières 2019", "LAV19")).toBe(cuveeKey(null, "CLOS DES LAVIERES (2020)", "LAV20"));
    expect(cuveeKey(null, "Clos des Lavières Magnum 2019", "M")).toBe("clos des lavieres magnum");
    expect(cuveeKey(null, null, "X1")).toBe("article x1");
  });
});
