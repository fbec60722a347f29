/**
 * Customers: who they are (as the iSaVigne customer file shows them, warts included) and their latent buying
 * behaviour, which only the sales reveal.
 */
import { type Day, dayFromParts, frenchDate, type HistoryWindow, monthOfDay, partsOfDay } from "./calendar";
import type { Family } from "./catalog";
import {
  ADDRESS_SECOND_LINES,
  ADDRESSES_WITH_DELIMITER,
  COMPANY_NAMES,
  EMAIL_DOMAINS,
  FEMALE_FIRST_NAMES,
  FOREIGN_TOWNS,
  FRENCH_TOWN_WEIGHTS,
  FRENCH_TOWNS,
  GERMAN_FIRST_NAMES,
  GERMAN_LAST_NAMES,
  INVALID_EMAILS,
  LAST_NAMES,
  MALE_FIRST_NAMES,
  STREET_NAMES,
  STREET_TYPES,
  type Town,
} from "./french-identities";
import type { Random } from "./random";
import { CELLAR_DOOR_SEASON, peakOf, TOURIST_SEASON } from "./seasonality";

export const FORMULA_LOOKING_NAME = '=HYPERLINK("http://x.example","clic")';

export type BuyerKind = "never" | "one-shot" | "occasional" | "seasonal" | "regular" | "loyal";

export interface BuyerProfile {
  kind: BuyerKind;
  ordersPerYear: number;
  /** Chance of never coming back after each order (the BG/NBD "dropout"). */
  dropoutAfterOrder: number;
  /** Chance that a line re-buys a cuvée already bought (or its newer vintage). */
  rebuyProbability: number;
  /** Scales bottle quantities and lines per order. */
  volume: number;
}

export type EmailStatus = "valid" | "missing" | "invalid";

export interface Customer {
  index: number;
  code: string;
  /** How the code is spelt in ventes.csv: usually the code itself, for a few in lower case or with a leading space. */
  salesCodeSpelling: string;
  lastName: string;
  firstName: string;
  isCompany: boolean;
  /** As written in clients.csv (may carry odd case or spaces). */
  email: string;
  /** Trimmed, lower-cased address for valid emails, else null. */
  emailKey: string | null;
  emailStatus: EmailStatus;
  phone: string;
  address: string;
  postcode: string;
  city: string;
  country: string;
  birthDay: Day | null;
  optinText: string;
  /** Day from which the customer accepts campaigns (explicit opt-in only), else null. */
  optedInSince: Day | null;
  joinDay: Day;
  firstOrderDay: Day | null;
  profile: BuyerProfile;
  favouriteFamily: Family;
  /** Preferred price of a 75 cl bottle, TTC euros. */
  budgetTtc: number;
  /** Chance of opening a campaign email. */
  emailEngagement: number;
}

export interface CustomerSpecialCases {
  formulaNameCode: string | null;
  sharedEmailPairs: number;
  minorCodes: string[];
  multiLineAddresses: number;
  invalidEmails: number;
  missingEmails: number;
}

const KIND_WEIGHTS: ReadonlyArray<readonly [BuyerKind, number]> = [
  ["never", 3],
  ["one-shot", 24],
  ["occasional", 28],
  ["seasonal", 19],
  ["regular", 17],
  ["loyal", 9],
];

const FAMILY_PREFERENCE: ReadonlyArray<readonly [Family, number]> = [
  ["Rouge", 42],
  ["Blanc", 24],
  ["Rosé", 12],
  ["Effervescent", 14],
  ["Liquoreux", 8],
];

function drawProfile(random: Random, kind: BuyerKind): BuyerProfile {
  switch (kind) {
    case "never":
    case "one-shot":
      return { kind, ordersPerYear: 0, dropoutAfterOrder: 1, rebuyProbability: 0, volume: random.float(0.6, 1.1) };
    case "occasional":
      return {
        kind,
        ordersPerYear: random.logNormal(1.5, 0.4),
        dropoutAfterOrder: random.float(0.1, 0.35),
        rebuyProbability: random.float(0.15, 0.35),
        volume: random.float(0.7, 1.2),
      };
    case "seasonal":
      return {
        kind,
        ordersPerYear: random.logNormal(2.4, 0.3),
        dropoutAfterOrder: random.float(0.06, 0.22),
        rebuyProbability: random.float(0.2, 0.45),
        volume: random.float(0.9, 1.4),
      };
    case "regular":
      return {
        kind,
        ordersPerYear: random.logNormal(6, 0.3),
        dropoutAfterOrder: random.float(0.03, 0.1),
        rebuyProbability: random.float(0.25, 0.5),
        volume: random.float(0.9, 1.5),
      };
    case "loyal":
      return {
        kind,
        ordersPerYear: random.logNormal(12, 0.25),
        dropoutAfterOrder: random.float(0.005, 0.03),
        rebuyProbability: random.float(0.35, 0.6),
        volume: random.float(1.1, 1.8),
      };
  }
}

/** A day of the window, more likely in busy months (rejection sampling on the monthly season). */
function seasonalDay(random: Random, first: Day, last: Day, season: readonly number[]): Day {
  const peak = peakOf(season);
  for (;;) {
    const day = random.int(first, last);
    if (random.next() * peak < (season[monthOfDay(day) - 1] as number)) return day;
  }
}

function stripAccents(text: string): string {
  return text
    .replaceAll("œ", "oe")
    .replaceAll("Œ", "OE")
    .replaceAll("æ", "ae")
    .replaceAll("ß", "ss")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "");
}

const emailWords = new Map<string, string>();

function emailWord(text: string): string {
  let word = emailWords.get(text);
  if (word === undefined) {
    word = stripAccents(text)
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, "");
    emailWords.set(text, word);
  }
  return word;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Same mailbox, spelt the way someone typed it on another form: `Marie.Durand@Orange.fr ` for `marie.durand@orange.fr`. */
function respelledEmail(random: Random, email: string): string {
  const [local = "", domain = ""] = email.split("@");
  const capitalised = `${local.split(".").map(capitalise).join(".")}@${capitalise(domain)}`;
  return random.weightedChoice<string>([
    [`${capitalised} `, 3],
    [` ${email}`, 1],
    [email.toUpperCase(), 1],
    [capitalised, 2],
  ]);
}

function mobilePhone(random: Random): string {
  const digits = [random.pick(["06", "07"])];
  for (let i = 0; i < 4; i++) digits.push(String(random.int(0, 99)).padStart(2, "0"));
  return digits.join(" ");
}

function phoneFor(random: Random, town: Town): string {
  if (random.chance(0.12)) return "";
  if (town.country === "Allemagne") return `+49 ${random.int(30, 89)} ${random.int(1_000_000, 9_999_999)}`;
  if (town.country === "Monaco") return `+377 93 ${random.int(10, 99)} ${random.int(10, 99)} ${random.int(10, 99)}`;
  let phone: string;
  if (town.landline && random.chance(0.3)) {
    const digits = [town.landline];
    for (let i = 0; i < 4; i++) digits.push(String(random.int(0, 99)).padStart(2, "0"));
    phone = digits.join(" ");
  } else {
    phone = mobilePhone(random);
  }
  const style = random.next();
  if (style < 0.1) return phone.replaceAll(" ", "");
  if (style < 0.15) return `+33 ${phone.slice(1)}`;
  if (style < 0.18) return phone.replaceAll(" ", ".");
  return phone;
}

function streetAddress(random: Random): string {
  const number = random.int(1, 120);
  const suffix = random.chance(0.06) ? random.pick([" bis", " ter"]) : "";
  const type = random.weightedChoice(STREET_TYPES);
  return `${number}${suffix} ${type} ${random.pick(STREET_NAMES)}`;
}

function birthDayFor(random: Random, end: Day): Day {
  const age = Math.min(92, Math.max(19, random.normal(54, 14)));
  return end - Math.round(age * 365.25) - random.int(0, 364);
}

export interface BuiltCustomers {
  customers: Customer[];
  specialCases: CustomerSpecialCases;
}

export function buildCustomers(random: Random, count: number, window: HistoryWindow): BuiltCustomers {
  const { start, end } = window;
  const drafts = Array.from({ length: count }, (_, draftIndex) => {
    const kind = random.weightedChoice(KIND_WEIGHTS);
    const joinDay = seasonalDay(random, start, end, kind === "one-shot" ? TOURIST_SEASON : CELLAR_DOOR_SEASON);
    return { draftIndex, kind, joinDay };
  });
  // iSaVigne numbers customers in order of creation.
  drafts.sort((x, y) => x.joinDay - y.joinDay || x.draftIndex - y.draftIndex);

  const emailsInUse = new Set<string>();
  const customers = drafts.map(({ kind, joinDay }, index): Customer => {
    const code = `C${String(index + 1).padStart(5, "0")}`;
    const profile = drawProfile(random, kind);
    const foreign = random.chance(0.02);
    const town = foreign ? random.pick(FOREIGN_TOWNS) : random.weightedPick(FRENCH_TOWNS, FRENCH_TOWN_WEIGHTS);
    const isCompany = !foreign && random.chance(0.015);
    const female = random.chance(0.52);
    const german = town.country === "Allemagne";
    const firstName = isCompany ? "" : random.pick(german ? GERMAN_FIRST_NAMES : female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
    const familyName = isCompany ? random.pick(COMPANY_NAMES) : random.pick(german ? GERMAN_LAST_NAMES : LAST_NAMES);
    const lastName = !isCompany && random.chance(0.25) ? familyName.toUpperCase() : familyName;

    const email = uniqueEmail(random, firstName, familyName, german, emailsInUse);
    const firstOrderDay = kind === "never" ? null : random.chance(0.86) ? joinDay : Math.min(end, joinDay + random.int(1, 45));

    const optinChoice = random.weightedChoice<"oui" | "1" | "date" | "non" | "0" | "">([
      ["oui", 25],
      ["1", 12],
      ["date", 18],
      ["non", 12],
      ["0", 8],
      ["", 25],
    ]);
    let optinText: string = optinChoice;
    let optedInSince: Day | null = null;
    if (optinChoice === "oui" || optinChoice === "1") optedInSince = joinDay;
    if (optinChoice === "date") {
      optedInSince = Math.min(end, joinDay + (random.chance(0.7) ? 0 : random.int(1, 90)));
      optinText = frenchDate(optedInSince);
    }

    const cityText = random.chance(0.3) ? town.city.toUpperCase() : town.city;
    return {
      index,
      code,
      salesCodeSpelling: code,
      lastName,
      firstName,
      isCompany,
      email,
      emailKey: email,
      emailStatus: "valid",
      phone: phoneFor(random, town),
      address: streetAddress(random),
      postcode: town.postcode,
      city: cityText,
      country: town.country,
      birthDay: !isCompany && random.chance(0.6) ? birthDayFor(random, end) : null,
      optinText,
      optedInSince,
      joinDay,
      firstOrderDay,
      profile,
      favouriteFamily: random.weightedChoice(FAMILY_PREFERENCE),
      budgetTtc: random.logNormal(kind === "loyal" ? 19 : 16, 0.5),
      emailEngagement: random.float(0.05, 0.65) ** 1.3,
    };
  });

  return { customers, specialCases: addSpecialCases(random, customers, end) };
}

/** prénom.nom, p.nom, prénomnom, nom.prénom, prénom_nom, prénom.nom42 */
const EMAIL_PATTERN_WEIGHTS = [50, 12, 12, 8, 6, 12];

function uniqueEmail(random: Random, firstName: string, familyName: string, german: boolean, inUse: Set<string>): string {
  const first = emailWord(firstName);
  const last = emailWord(familyName.replaceAll(" ", "")) || "contact";
  const domain = german ? random.pick(["gmx.de", "web.de", "t-online.de"]) : random.weightedChoice<string>(EMAIL_DOMAINS);
  const pattern = first ? random.weightedIndex(EMAIL_PATTERN_WEIGHTS) : -1;
  const local =
    pattern === 0
      ? `${first}.${last}`
      : pattern === 1
        ? `${first.charAt(0)}.${last}`
        : pattern === 2
          ? `${first}${last}`
          : pattern === 3
            ? `${last}.${first}`
            : pattern === 4
              ? `${first}_${last}`
              : pattern === 5
                ? `${first}.${last}${random.int(1, 99)}`
                : `contact.${last}`;
  let candidate = `${local}@${domain}`;
  for (let suffix = 2; inUse.has(candidate); suffix++) candidate = `${local}${suffix}@${domain}`;
  inUse.add(candidate);
  return candidate;
}

/** The messy few that the pipeline must handle: shared emails, invalid emails, minors, odd addresses… */
function addSpecialCases(random: Random, customers: Customer[], end: Day): CustomerSpecialCases {
  const count = customers.length;
  const atLeast = (minimum: number, share: number) => Math.min(count, Math.max(minimum, Math.round(count * share)));
  const pool = random.shuffle(customers.filter((customer) => !customer.isCompany).map((customer) => customer.index));
  let cursor = 0;
  const take = (wanted: number): Customer[] => {
    const taken = pool.slice(cursor, cursor + wanted).map((index) => customers[index] as Customer);
    cursor += taken.length;
    return taken;
  };

  const formula = take(1)[0];
  if (formula) formula.lastName = FORMULA_LOOKING_NAME;

  const missing = take(atLeast(1, 0.05));
  for (const customer of missing) {
    customer.email = "";
    customer.emailKey = null;
    customer.emailStatus = "missing";
  }
  const invalid = take(atLeast(2, 0.003));
  invalid.forEach((customer, position) => {
    customer.email = INVALID_EMAILS[position % INVALID_EMAILS.length] as string;
    customer.emailKey = null;
    customer.emailStatus = "invalid";
  });

  // Couples: two customer codes, one household, one mailbox typed two ways.
  let sharedEmailPairs = 0;
  const wantedPairs = count >= 20 ? atLeast(1, 0.01) : 0;
  for (let pair = 0; pair < wantedPairs; pair++) {
    const [holder, partner] = take(2);
    if (!holder || !partner) break;
    partner.lastName = holder.lastName;
    partner.address = holder.address;
    partner.postcode = holder.postcode;
    partner.city = holder.city;
    partner.country = holder.country;
    partner.email = respelledEmail(random, holder.email);
    partner.emailKey = holder.emailKey;
    sharedEmailPairs++;
  }

  // Address oddities are independent of the email ones, so they draw from the whole base.
  const addressPool = random.shuffle(customers.map((customer) => customer.index));
  const multiLine = addressPool.slice(0, atLeast(1, 0.005)).map((index) => customers[index] as Customer);
  for (const customer of multiLine) customer.address = `${customer.address}\n${random.pick(ADDRESS_SECOND_LINES)}`;
  const withDelimiterEnd = multiLine.length + atLeast(1, 0.003);
  for (const index of addressPool.slice(multiLine.length, withDelimiterEnd)) {
    (customers[index] as Customer).address = random.pick(ADDRESSES_WITH_DELIMITER);
  }
  const quoted = customers[addressPool[withDelimiterEnd] ?? -1];
  if (quoted) quoted.address = `Résidence "Les Terrasses", ${quoted.address}`;

  // Two or three buyers born less than 18 years before the end of the history (a parent's account, a typo…).
  const recentBuyers = customers.filter((customer) => customer.firstOrderDay !== null && !customer.isCompany).slice(-50);
  const minors = random.sample(recentBuyers, random.int(2, 3));
  for (const minor of minors) minor.birthDay = end - random.int(16 * 365 + 10, 17 * 365 + 300);

  const lowerCased = random.sample(customers, atLeast(2, 0.003));
  for (const customer of lowerCased) customer.salesCodeSpelling = customer.code.toLowerCase();
  const indented = random.sample(
    customers.filter((customer) => customer.salesCodeSpelling === customer.code),
    atLeast(2, 0.002),
  );
  for (const customer of indented) customer.salesCodeSpelling = ` ${customer.code}`;

  return {
    formulaNameCode: formula?.code ?? null,
    sharedEmailPairs,
    minorCodes: minors.map((minor) => minor.code).sort(),
    multiLineAddresses: multiLine.length,
    invalidEmails: invalid.length,
    missingEmails: missing.length,
  };
}

export function isMinorAt(customer: Customer, day: Day): boolean {
  if (customer.birthDay === null) return false;
  const birth = partsOfDay(customer.birthDay);
  return dayFromParts(birth.year + 18, birth.month, birth.dayOfMonth) > day;
}
