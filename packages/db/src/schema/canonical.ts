import type { Decimal, IsoDate } from "./runs";

export type Consent = "OPT_IN" | "REFUSED" | "UNKNOWN";

export interface CustomersTable {
  client_code: string;
  nom: string | null;
  prenom: string | null;
  email: string | null;
  email_norm: string | null;
  telephone: string | null;
  adresse: string | null;
  code_postal: string | null;
  ville: string | null;
  pays: string | null;
  date_naissance: IsoDate | null;
  consent: Consent;
  optin_date: IsoDate | null;
  date_creation: IsoDate | null;
  is_stub: boolean;
  updated_run: string;
}

export interface ProductsTable {
  article: string;
  produit: string | null;
  cuvee: string | null;
  millesime: number | null;
  famille: string | null;
  couleur: string | null;
  sucrosite: string | null;
  cepages: string | null;
  appellation: string | null;
  contenance_cl: Decimal | null;
  bottle_factor: Decimal;
  prix_ttc: Decimal | null;
  prix_ht: Decimal | null;
  premium_tier: number | null;
  actif: boolean;
  arome_fruit: number | null;
  arome_floral: number | null;
  arome_epice: number | null;
  arome_mineral: number | null;
  arome_acidite: number | null;
  arome_corps: number | null;
  arome_tanin: number | null;
  is_stub: boolean;
  updated_run: string;
}

export interface StockTable {
  article: string;
  entrepot: string;
  quantite: Decimal;
  updated_run: string;
}

export interface SalesLinesTable {
  document_no: string;
  line_key: string;
  article: string;
  client_code: string;
  date_livraison: IsoDate;
  document_type: string | null;
  is_credit: boolean;
  qty: Decimal;
  bottles: Decimal;
  pu_ht: Decimal | null;
  mt_ht: Decimal;
  mt_ttc: Decimal | null;
  marge: Decimal | null;
  updated_run: string;
}

export type ContactSource = "IMPORT" | "APPROVAL";

export interface ContactsTable {
  contact_key: string;
  client_code: string | null;
  email_norm: string | null;
  date_contact: IsoDate;
  canal: string | null;
  statut: string;
  campagne: string | null;
  source: ContactSource;
  updated_run: string;
}

export interface LedgerEntriesTable {
  entry_key: string;
  compte: string | null;
  client_code: string | null;
  date_ecriture: IsoDate;
  piece: string | null;
  libelle: string | null;
  debit: Decimal;
  credit: Decimal;
  lettrage: string | null;
  date_echeance: IsoDate | null;
  updated_run: string;
}

export interface CanonicalTables {
  customers: CustomersTable;
  products: ProductsTable;
  stock: StockTable;
  sales_lines: SalesLinesTable;
  contacts: ContactsTable;
  ledger_entries: LedgerEntriesTable;
}
