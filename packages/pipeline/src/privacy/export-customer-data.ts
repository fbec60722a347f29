import { parseSubjectReference } from "@crm-reco/core";
import { type CustomerAccessData, type DatabaseHandle, findSubjectCustomers, loadCustomerAccessData } from "@crm-reco/db";

/** The answer to an access request (DOMAIN §9): everything held under each of the person's client codes. */
export interface CustomerAccessExport {
  reference: string;
  clientCodes: string[];
  records: Array<{ clientCode: string } & CustomerAccessData>;
}

export async function exportCustomerData(handle: DatabaseHandle, rawReference: string): Promise<CustomerAccessExport> {
  const reference = parseSubjectReference(rawReference);
  const customers = await findSubjectCustomers(
    handle,
    reference.kind === "EMAIL" ? { email: reference.email } : { clientCode: reference.clientCode },
  );
  const clientCodes = customers.map((row) => row.client_code);
  if (reference.kind === "CLIENT_CODE" && !clientCodes.includes(reference.clientCode)) clientCodes.push(reference.clientCode);
  clientCodes.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const records: CustomerAccessExport["records"] = [];
  for (const clientCode of clientCodes) records.push({ clientCode, ...(await loadCustomerAccessData(handle, clientCode)) });
  return { reference: reference.kind === "EMAIL" ? reference.email : reference.clientCode, clientCodes, records };
}
