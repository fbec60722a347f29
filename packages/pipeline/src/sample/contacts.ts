/** Past email campaigns: roughly every two months over the last 18 months, each to a slice of the opted-in base. */
import { type Day, type HistoryWindow, monthOfDay, yearOfDay } from "./calendar";
import type { Family } from "./catalog";
import type { Customer } from "./customers";
import type { Random } from "./random";

export type ContactStatus = "envoye" | "ouvert" | "clic" | "bounce" | "desinscrit" | "plainte";

export interface ContactRow {
  /** Blank when the emailing tool only kept the address. */
  code: string;
  email: string;
  day: Day;
  channel: string;
  status: ContactStatus;
  campaign: string;
}

interface CampaignTheme {
  title: string;
  families: readonly Family[] | null;
}

const THEME_BY_BIMESTER: readonly CampaignTheme[] = [
  { title: "Nouveaux millésimes", families: ["Rouge", "Blanc"] },
  { title: "Printemps au domaine", families: null },
  { title: "Rosés et blancs d'été", families: ["Rosé", "Blanc"] },
  { title: "Portes ouvertes", families: null },
  { title: "Foire aux vins", families: null },
  { title: "Sélection des fêtes", families: null },
];

/** Days before the end of the history; the latest campaign is inside the 135-day silence window, the one before is not. */
const CAMPAIGN_OFFSETS = [540, 480, 420, 360, 300, 240, 180, 120];
const BOUNCE_RATE = 0.018;
const UNSUBSCRIBE_RATE = 0.02;
const COMPLAINT_RATE = 0.0015;
const CLICK_GIVEN_OPEN = 0.3;
const ADDRESS_ONLY_SHARE = 0.03;

export function buildContactHistory(random: Random, customers: readonly Customer[], window: HistoryWindow): ContactRow[] {
  const rows: ContactRow[] = [];
  const suppressed = new Uint8Array(customers.length);
  for (const offset of CAMPAIGN_OFFSETS) {
    const day = window.end - offset + random.int(-5, 5);
    if (day < window.start) continue;
    const theme = THEME_BY_BIMESTER[Math.floor((monthOfDay(day) - 1) / 2)] as CampaignTheme;
    const campaign = `${theme.title} ${yearOfDay(day)}`;
    for (const customer of customers) {
      if (suppressed[customer.index] || customer.emailStatus === "missing") continue;
      if (customer.optedInSince === null || customer.optedInSince > day || customer.joinDay > day) continue;
      const audienceShare = theme.families === null ? 0.75 : theme.families.includes(customer.favouriteFamily) ? 0.7 : 0.15;
      if (!random.chance(audienceShare)) continue;
      const status = sendOutcome(random, customer);
      if (status === "bounce" || status === "desinscrit" || status === "plainte") suppressed[customer.index] = 1;
      const addressOnly = random.chance(ADDRESS_ONLY_SHARE);
      rows.push({
        code: addressOnly ? "" : customer.code,
        email: addressOnly ? (customer.emailKey ?? customer.email) : customer.email.trim(),
        day,
        channel: "email",
        status,
        campaign,
      });
    }
  }
  return rows;
}

function sendOutcome(random: Random, customer: Customer): ContactStatus {
  if (customer.emailStatus === "invalid") return "bounce";
  const draw = random.next();
  if (draw < BOUNCE_RATE) return "bounce";
  if (draw < BOUNCE_RATE + UNSUBSCRIBE_RATE) return "desinscrit";
  if (draw < BOUNCE_RATE + UNSUBSCRIBE_RATE + COMPLAINT_RATE) return "plainte";
  if (!random.chance(customer.emailEngagement)) return "envoye";
  return random.chance(CLICK_GIVEN_OPEN) ? "clic" : "ouvert";
}
