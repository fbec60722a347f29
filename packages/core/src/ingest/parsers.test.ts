import { describe, expect, it } from "vitest";
import { normaliseHeader } from "./normalise-header";
import { normaliseArticle, normaliseClientCode, normaliseEmail } from "./normalise-identity";
import { parseDate } from "./parse-date";
import { parseDecimal, parseInteger } from "./parse-decimal";
import { articleCoefficient, deriveCuvee } from "./product-labels";

describe("parseDecimal", () => {
  it.each([
    ["1 234,56", "1234.56"],
    ["1\u00a0234,56", "1234.56"],
    ["1\u202f234,5", "1234.5"],
    ["12.5", "12.5"],
    ["-3", "-3"],
    ["-0,50", "-0.5"],
    [" 24,50 € ", "24.5"],
    ["1.234,56", "1234.56"],
    ["1,234.56", "1234.56"],
    [",5", "0.5"],
    ["007", "7"],
    ["0,00", "0"],
    ["-0", "0"],
  ])("%j → %j", (raw, expected) => expect(parseDecimal(raw)).toBe(expected));

  it.each(["", "  ", "abc", "1,2,3", "1.2.3", "12a", "--1", "=1+1"])("%j is not a number", (raw) => expect(parseDecimal(raw)).toBeNull());

  it("reads whole numbers only as integers", () => {
    expect(parseInteger("2019")).toBe(2019);
    expect(parseInteger("3,0")).toBe(3);
    expect(parseInteger("3,5")).toBeNull();
  });
});

describe("parseDate", () => {
  it.each([
    ["05/03/2024", "2024-03-05"],
    ["05/03/24", "2024-03-05"],
    ["12/07/58", "1958-07-12"],
    ["5/3/2024", "2024-03-05"],
    ["05-03-2024", "2024-03-05"],
    ["05.03.2024", "2024-03-05"],
    ["2024-03-05", "2024-03-05"],
    ["2024-03-05T10:22:00Z", "2024-03-05"],
    ["05/03/2024 14:30", "2024-03-05"],
    ["29/02/2024", "2024-02-29"],
  ])("%j → %j", (raw, expected) => expect(parseDate(raw)).toBe(expected));

  it.each(["31/02/2024", "29/02/2023", "31/04/2024", "00/01/2024", "01/13/2024", "2024-02-30", "2024/03/05", "hier", "45292"])(
    "%j is rejected",
    (raw) => expect(parseDate(raw)).toBeNull(),
  );
});

describe("normalisation", () => {
  it("normalises headers", () => {
    expect(normaliseHeader("N° document")).toBe("n_document");
    expect(normaliseHeader(" Contenance (cl) ")).toBe("contenance_cl");
    expect(normaliseHeader("Arôme épicé")).toBe("arome_epice");
    expect(normaliseHeader("QUANTITÉ")).toBe("quantite");
    expect(normaliseHeader("Cœur")).toBe("coeur");
  });

  it("normalises identities", () => {
    expect(normaliseClientCode(" c 00é1 ")).toBe("C00E1");
    expect(normaliseClientCode("   ")).toBeNull();
    expect(normaliseArticle(" lav19 ")).toBe("LAV19");
    expect(normaliseEmail("  Jean.Dupont@Example.FR ")).toBe("jean.dupont@example.fr");
  });

  it("derives the cuvée from a label without its vintage", () => {
    expect(deriveCuvee("Clos des Lavières 2019")).toBe("Clos des Lavières");
    expect(deriveCuvee("Carton 6  Les Grandes Terres   2021")).toBe("Carton 6 Les Grandes Terres");
    expect(deriveCuvee("Cuvée (2015) Réserve")).toBe("Cuvée Réserve");
    expect(deriveCuvee("Les Murgers - 2018")).toBe("Les Murgers");
    expect(deriveCuvee("2019")).toBeNull();
  });

  it("finds bottle coefficients by article pattern, first match wins", () => {
    const coefficients = [
      { pattern: "CARTON12", factor: 12 },
      { pattern: "CARTON6", factor: 6 },
      { pattern: "MAGNUM", factor: 2 },
      { pattern: "DEMI", factor: 0.5 },
    ];
    expect(articleCoefficient("CARTON6-GT21", coefficients)).toBe("6");
    expect(articleCoefficient("carton12-x", coefficients)).toBe("12");
    expect(articleCoefficient("DEMI-CRA20", coefficients)).toBe("0.5");
    expect(articleCoefficient("LAV19", coefficients)).toBe("1");
  });
});

describe("fast paths (char loops) agree with the general path", () => {
  // A leading space forces the general (regex) path: both must read every cell the same.
  const decimals = ["0", "-0", "007", "12", "-12", "12,50", "12.50", "-0,00", "0,001", "1,", ",5", "-", "1,2,3", "1.2", "99999999,99"];
  it.each(decimals)("decimal %j", (raw) => expect(parseDecimal(raw)).toBe(parseDecimal(` ${raw}`)));
  const dates = [
    "05/03/2024",
    "31/02/2024",
    "29/02/2024",
    "29/02/2023",
    "00/01/2024",
    "12/13/2024",
    "01/01/0999",
    "2024-02-29",
    "2023-02-29",
  ];
  it.each([...dates, "2024-13-01", "12-03-2024", "1x/03/2024", "2024/03/12"])("date %j", (raw) =>
    expect(parseDate(raw)).toBe(parseDate(` ${raw}`)),
  );
});
