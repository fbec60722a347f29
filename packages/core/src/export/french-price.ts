/**
 * Prices as French text for people's tools (campaign.csv): `24.5` → `24,50`, `1234.5` → `1234,50`
 * (no thousands separator, so a spreadsheet still reads a number). Works on the exact decimal string
 * the database returns; rounds half away from zero to cents without going through binary floats.
 */
const DECIMAL = /^(-?)(\d+)(?:\.(\d*))?$/;

export function formatFrenchPrice(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return "";
  const text = typeof value === "number" ? numberToPlainText(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new Error(`not a decimal price: ${JSON.stringify(value)}`);
  const [, sign = "", whole = "0", fraction = ""] = match;
  let cents = BigInt(whole) * 100n + BigInt((fraction + "00").slice(0, 2));
  if ((fraction[2] ?? "0") >= "5") cents += 1n;
  const euros = (cents / 100n).toString();
  const rest = (cents % 100n).toString().padStart(2, "0");
  return `${cents === 0n ? "" : sign}${euros},${rest}`;
}

function numberToPlainText(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a decimal price: ${value}`);
  const text = String(value);
  return text.includes("e") ? value.toFixed(6) : text;
}
