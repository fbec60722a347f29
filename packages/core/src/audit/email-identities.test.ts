import { describe, expect, it } from "vitest";
import { resolveEmailIdentities } from "./email-identities";

describe("shared emails", () => {
  it("makes the code with the most recent order primary and the others duplicates", () => {
    const identities = resolveEmailIdentities([
      { clientCode: "C3", email: "a@x.fr", lastOrderDate: "2024-01-01" },
      { clientCode: "C1", email: "a@x.fr", lastOrderDate: "2023-05-01" },
      { clientCode: "C2", email: "a@x.fr", lastOrderDate: null },
      { clientCode: "C4", email: "b@x.fr", lastOrderDate: "2020-01-01" },
      { clientCode: "C5", email: null, lastOrderDate: null },
      { clientCode: "C6", email: null, lastOrderDate: null },
    ]);
    expect(Object.fromEntries(identities)).toEqual({
      C1: { identity: "DUPLICATE", primaryCode: "C3" },
      C2: { identity: "DUPLICATE", primaryCode: "C3" },
      C3: { identity: "PRIMARY", primaryCode: "C3" },
      C4: { identity: "SOLE", primaryCode: "C4" },
      C5: { identity: "SOLE", primaryCode: "C5" },
      C6: { identity: "SOLE", primaryCode: "C6" },
    });
  });

  it("breaks a tie on the order date with the lowest code by code points, whatever the input order", () => {
    const customers = [
      { clientCode: "b10", email: "a@x.fr", lastOrderDate: "2024-01-01" },
      { clientCode: "B2", email: "a@x.fr", lastOrderDate: "2024-01-01" },
      { clientCode: "B10", email: "a@x.fr", lastOrderDate: "2024-01-01" },
    ];
    for (const order of [customers, [...customers].reverse()]) {
      expect(resolveEmailIdentities(order).get("B10")).toEqual({ identity: "PRIMARY", primaryCode: "B10" });
    }
  });
});
