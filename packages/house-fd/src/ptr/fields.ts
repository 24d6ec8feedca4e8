import type { TransactionType } from '../types';

export interface Amount {
  low: number;
  high: number | null;
}

const dollars = (text: string): number => Math.round(Number(text.replace(/[$,\s]/g, '')));
const MONEY = String.raw`\$\s?[\d,]+(?:\.\d{1,2})?`;
const RANGE = new RegExp(String.raw`^(${MONEY})\s*-\s*(${MONEY})$`);
const OVER = new RegExp(String.raw`^(?:Spouse\s*\/\s*DC\s+)?(?:Amount\s+)?Over\s+(${MONEY})$`, 'i');
const EXACT = new RegExp(String.raw`^(${MONEY})$`);

/**
 * "$1,001 - $15,000" → {1001, 15000}; "Over $50,000,000" → {50000001, null} (the bracket above
 * "$25,000,001 - $50,000,000", open-ended); exact amounts "$12,345" → {12345, 12345}.
 */
export function parseAmount(text: string): Amount | null {
  const t = text.replace(/\s+/g, ' ').trim();
  let m = RANGE.exec(t);
  if (m) return { low: dollars(m[1]), high: dollars(m[2]) };
  m = OVER.exec(t);
  if (m) return { low: dollars(m[1]) + 1, high: null };
  m = EXACT.exec(t);
  if (m) return { low: dollars(m[1]), high: dollars(m[1]) };
  return null;
}

/** An amount cell that wrapped and continues on the next line ("$250,001 -" / "$500,000"). */
export const amountIsIncomplete = (text: string): boolean => /(^|-|Over)\s*$/i.test(text.trim());
/** A line that can continue a wrapped amount cell. */
export const AMOUNT_CONTINUATION = new RegExp(String.raw`^(?:-\s*)?${MONEY}$|^Over\b`, 'i');

const TYPE_CODES: Record<string, TransactionType> = { P: 'Purchase', S: 'Sale', 'S (PARTIAL)': 'Sale (Partial)', E: 'Exchange' };
export const transactionTypeOf = (code: string): TransactionType | null => TYPE_CODES[code.replace(/\s+/g, ' ').trim().toUpperCase()] ?? null;

/**
 * A row's first line: [owner/asset text] type date date [amount]. Dates may be glued together
 * ("01/14/202501/14/2025") or to the type code; the type is the last token before the dates.
 */
export const ANCHOR = /^(.*?)(?:^|(?<=[\s\])]))(S ?\(partial\)|P|S|E)\s*(\d{1,2}\/\d{1,2}\/\d{4})\s*(\d{1,2}\/\d{1,2}\/\d{4})\s*(.*)$/i;

export interface AnchorParts {
  before: string;
  type: string;
  transactionDate: string;
  notificationDate: string;
  amountText: string;
}

export function matchAnchor(text: string): AnchorParts | null {
  const m = ANCHOR.exec(text);
  if (!m) return null;
  return { before: m[1].trim(), type: m[2], transactionDate: m[3], notificationDate: m[4], amountText: m[5].trim() };
}

export interface AssetParts {
  owner: string;
  assetName: string;
  ticker: string | null;
  assetType: string | null;
}

const OWNER = /^(SP|JT|DC)(?:\s+|$)/;
const ASSET_TYPE = /\s*\[([A-Z0-9]{2,3})\]\s*$/;
const TICKER = /\s*\(([A-Z][A-Z0-9]{0,6}(?:[.\-/][A-Z0-9]{1,3})?)\)\s*$/;

/** "SP Alphabet Inc. - Class A Common Stock (GOOGL) [OP]" → owner SP, name, ticker GOOGL, type OP. */
export function parseAssetCell(text: string): AssetParts {
  let rest = text.replace(/\s+/g, ' ').trim();
  const owner = OWNER.exec(rest);
  if (owner) rest = rest.slice(owner[0].length);
  const type = ASSET_TYPE.exec(rest);
  if (type) rest = rest.slice(0, type.index);
  const ticker = TICKER.exec(rest);
  if (ticker) rest = rest.slice(0, ticker.index);
  return { owner: owner ? owner[1] : 'self', assetName: rest.trim(), ticker: ticker ? ticker[1] : null, assetType: type ? type[1] : null };
}

/** Does this line begin with an owner code, i.e. start a new row's asset cell? */
export const startsWithOwner = (text: string): boolean => OWNER.test(text);
