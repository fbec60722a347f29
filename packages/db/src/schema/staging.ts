import type { Generated } from "kysely";
import type { Decimal, IsoDate } from "./runs";

/** Every staging row: the run, the file's position in the drop (0-based), the record's first physical line. */
interface StagingKey {
  run_id: string;
  file_ordinal: number;
  line: number;
}

export interface StagingSalesLinesTable extends StagingKey {
  client_code: string;
  date_livraison: IsoDate;
  document_type: string | null;
  document_no: string;
  order_detail_no: string | null;
  article: string;
  produit_label: string | null;
  cuvee: string | null;
  qty_line: Decimal;
  pu_ht: Decimal | null;
  mt_ht: Decimal;
  mt_ttc: Decimal | null;
  marge: Decimal | null;
  is_credit: boolean;
  article_factor: Decimal;
  /** quantity × article_factor, computed by PostgreSQL as the row is staged. */
  bottles: Generated<Decimal>;
}

export interface StagingCustomersTable extends StagingKey {
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
  /** OPT_IN, REFUSED, or null for a blank cell (the known consent is kept). */
  consent: string | null;
  optin_date: IsoDate | null;
  date_creation: IsoDate | null;
}

export interface StagingProductsTable extends StagingKey {
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
  prix_ttc: Decimal | null;
  prix_ht: Decimal | null;
  premium_tier: number | null;
  actif: boolean | null;
  arome_fruit: number | null;
  arome_floral: number | null;
  arome_epice: number | null;
  arome_mineral: number | null;
  arome_acidite: number | null;
  arome_corps: number | null;
  arome_tanin: number | null;
  article_factor: Decimal;
}

export interface StagingStockTable extends StagingKey {
  article: string;
  entrepot: string;
  quantite: Decimal;
}

export interface StagingContactsTable extends StagingKey {
  client_code: string | null;
  email_norm: string | null;
  date_contact: IsoDate;
  canal: string | null;
  statut: string;
  campagne: string | null;
}

export interface StagingLedgerTable extends StagingKey {
  compte: string | null;
  client_code: string | null;
  date_ecriture: IsoDate;
  piece: string | null;
  libelle: string | null;
  debit: Decimal;
  credit: Decimal;
  lettrage: string | null;
  date_echeance: IsoDate | null;
}

export interface StagingTables {
  staging_sales_lines: StagingSalesLinesTable;
  staging_customers: StagingCustomersTable;
  staging_products: StagingProductsTable;
  staging_stock: StagingStockTable;
  staging_contacts: StagingContactsTable;
  staging_ledger: StagingLedgerTable;
}
