import { z } from 'zod';

/** congress.gov bill types (lower case, as in API paths). */
export const BILL_TYPES = ['hr', 's', 'hjres', 'sjres', 'hconres', 'sconres', 'hres', 'sres'] as const;
export type BillType = (typeof BILL_TYPES)[number];

const BILL_ID = /^(\d{1,3})-(hr|s|hjres|sjres|hconres|sconres|hres|sres)-(\d{1,5})$/;

/** `<congress>-<type>-<number>`, e.g. `117-hr-21`: the key of dim_bill and every bill table. */
export const billIdSchema = z.string().regex(BILL_ID, 'a bill id like 117-hr-21 (congress-type-number)');

export interface BillRef {
  congress: number;
  billType: BillType;
  billNumber: number;
}

export function billId(ref: BillRef): string {
  return `${ref.congress}-${ref.billType}-${ref.billNumber}`;
}

export function parseBillId(id: string): BillRef {
  const m = BILL_ID.exec(id);
  if (!m) throw new Error(`not a bill id: ${JSON.stringify(id)} (expected congress-type-number, e.g. 117-hr-21)`);
  return { congress: Number(m[1]), billType: m[2] as BillType, billNumber: Number(m[3]) };
}

/** The API path of a bill (or one of its sub-resources) under /v3. */
export function billPath(ref: BillRef, sub?: string): string {
  return `/v3/bill/${ref.congress}/${ref.billType}/${ref.billNumber}${sub ? `/${sub}` : ''}`;
}
