// Builds invoice lines for a billing run: each invoice looks its customer up with `find`, a linear
// scan of all customers, inside `map` over all invoices.

export interface Customer {
  id: number;
  name: string;
  tier: 'gold' | 'silver' | 'bronze';
}

export interface Invoice {
  id: number;
  customerId: number;
  cents: number;
}

export interface InvoiceLine {
  invoiceId: number;
  customer: string;
  cents: number;
}

const DISCOUNT: Record<Customer['tier'], number> = { gold: 0.9, silver: 0.95, bronze: 1 };

export function invoiceLines(invoices: Invoice[], customers: Customer[]): InvoiceLine[] {
  return invoices.map((invoice) => {
    const customer = customers.find((c) => c.id === invoice.customerId); // expect: quadratic-loop
    const factor = customer ? DISCOUNT[customer.tier] : 1;
    return { invoiceId: invoice.id, customer: customer?.name ?? 'unknown', cents: Math.round(invoice.cents * factor) };
  });
}
