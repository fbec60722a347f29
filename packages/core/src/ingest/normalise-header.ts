/**
 * The comparable form of a column header: lower case, accents stripped, every run of other characters
 * turned into one `_`, trimmed of `_` — `N° document` → `n_document`, `Contenance (cl)` → `contenance_cl`.
 */
export function normaliseHeader(header: string): string {
  return stripAccents(header.toLowerCase())
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** Removes combining accents and spells out the ligatures NFD keeps (`œ`, `æ`). */
export function stripAccents(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/œ/g, "oe")
    .replace(/Œ/g, "OE")
    .replace(/æ/g, "ae")
    .replace(/Æ/g, "AE");
}
