import { describe, expect, it } from "vitest";
import { eraseFromExportCsv } from "./erase-from-export";
import { createErasedRecordMatcher } from "./erased-record-matcher";
import { erasedPseudonym, tombstoneHash } from "./tombstone-hash";

const matcher = createErasedRecordMatcher({
  clientCodes: ["C042"],
  emails: ["jeanne.dupont@example.fr"],
  phones: ["06 12 34 56 78"],
  fullNames: ["Jeanne Dupont", "Dupont Jeanne"],
  familyNames: ["Dupont"],
});

describe("erasure of past export files", () => {
  it("drops the person's rows by code or email and keeps every other byte", () => {
    const campaign =
      '\uFEFFEXT_ID;EMAIL;PRENOM;NOM\r\nC001;a@x.fr;Luc;"Martin; fils"\r\nC042;jeanne.dupont@example.fr;Jeanne;Dupont\r\nC077;JEANNE.DUPONT@example.fr;J;D\r\nC099;b@x.fr;Ana;"Dupont\r\nbis"\r\n';
    const erased = eraseFromExportCsv(campaign, matcher);
    expect(erased.removed).toBe(2);
    // A namesake under another code and email stays in a per-customer file.
    expect(erased.content).toBe('\uFEFFEXT_ID;EMAIL;PRENOM;NOM\r\nC001;a@x.fr;Luc;"Martin; fils"\r\nC099;b@x.fr;Ana;"Dupont\r\nbis"\r\n');
  });

  it("drops rejects that mention the person (code, email, phone in any spacing, name) and leaves the file as is otherwise", () => {
    const rejects =
      "file;line;column;value;reason;message\nclients.csv;3;email;jeanne.dupont@example;INVALID;bad\nclients.csv;4;telephone;+33 6.12.34.56.78;X;y\n" +
      "clients.csv;5;date;31/02/2020;BAD_DATE;x\nventes.csv;9;client_code;'C042;X;y\n";
    const erased = eraseFromExportCsv(rejects, matcher);
    expect(erased.content).toBe("file;line;column;value;reason;message\nclients.csv;5;date;31/02/2020;BAD_DATE;x\n");
    expect(eraseFromExportCsv("file;line\nx;1\n", matcher)).toEqual({ content: "file;line\nx;1\n", removed: 0 });
  });

  it("tells a whole message that names the person from one that merely shares a family name or digits", () => {
    expect(matcher.identifiesSubject("Bonjour Jeanne  Dupont")).toBe(true);
    expect(matcher.identifiesSubject("Appelez le 0612345678")).toBe(true);
    expect(matcher.identifiesSubject("M. Dupont, 1234 clients, 06123456789")).toBe(false);
    expect(matcher.mentionsSubject("M. Dupont")).toBe(true);
  });

  it("hashes with the salt and derives a stable pseudonym", () => {
    expect(tombstoneHash("s", "EMAIL", "a@b.fr")).toBe(tombstoneHash("s", "EMAIL", "a@b.fr"));
    expect(tombstoneHash("s", "EMAIL", "a@b.fr")).not.toBe(tombstoneHash("t", "EMAIL", "a@b.fr"));
    expect(erasedPseudonym("s", "C042")).toMatch(/^EFFACE-[0-9A-F]{16}$/);
  });
});
