/**
 * `valid format:` names and their regular expressions, copied from Soda Core v3's
 * FormatHelper.build_default_formats (soda/core/soda/execution/data_source.py, branch v3);
 * DuckDB's RE2 accepts these patterns unchanged. The conformance suite
 * (test/conformance/format-cases.ts) checks every value of soda-core's test_formats.py.
 */
const s = ' *';
const signAnyOpt = '[-+]?';
const plusOpt = String.raw`\+?`;
const min = String.raw`\-`;
const digits = '[0-9]+';
const decimalPointComma = String.raw`(\d+([\.,]\d+)?|([\.,]\d+))`;
const decimalPoint = String.raw`(\d+(\.\d+)?|(\.\d+))`;
const decimalComma = String.raw`(\d+(,\d+)?|(,\d+))`;
const zeroInteger = '0+';
const zeroPointComma = String.raw`(0+([\.,]0+)?|([\.,]0+))`;
const zeroPoint = String.raw`(0+(\.0+)?|(\.0+))`;
const zeroComma = '(0+(,0+)?|(,0+))';
const moneyPoint = String.raw`\d{1,3}(\,\d\d\d)*(.\d+)?`;
const moneyComma = String.raw`\d{1,3}(\.\d\d\d)*(,\d+)?`;
const currency = '([A-Z]{3}|[a-z]{3})';
const day = '(0?[1-9]|[12][0-9]|3[01])';
const month = '(0?[1-9]|1[012])';
const year = String.raw`([12][0-9])?\d\d`;
const hour24 = String.raw`(0?[0-9]|[01]\d|2[0-3])`;
const hour12 = '(0?[0-9]|1[0-2])';
const minute = '[0-5]?[0-9]';
const second = String.raw`[0-5]?[0-9]([.,]\d+)?`;
const year4 = '[12][0-9]{3}';
const month2 = '(0[1-9]|1[012])';
const day2 = '(0[1-9]|[12][0-9]|3[01])';
const minute2 = '[0-5][0-9]';
const second2 = minute2;

export const DEFAULT_FORMATS: Record<string, string> = {
  integer: `^${s}${signAnyOpt}${s}${digits}${s}$`,
  'positive integer': `^${s}${plusOpt}${s}${digits}${s}$`,
  'negative integer': `^${s}(${min}${s}${digits}|${zeroInteger})${s}$`,
  decimal: `^${s}${signAnyOpt}${s}${decimalPointComma}${s}$`,
  'positive decimal': `^${s}${plusOpt}${s}${decimalPointComma}${s}$`,
  'negative decimal': `^${s}(${min}${s}${decimalPointComma}|${zeroPointComma})${s}$`,
  'decimal point': `^${s}${signAnyOpt}${s}${decimalPoint}${s}$`,
  'positive decimal point': `^${s}${plusOpt}${s}${decimalPoint}${s}$`,
  'negative decimal point': `^${s}(${min}${s}${decimalPoint}|${zeroPoint})${s}$`,
  'decimal comma': `^${s}${signAnyOpt}${s}${decimalComma}${s}$`,
  'positive decimal comma': `^${s}${plusOpt}${s}${decimalComma}${s}$`,
  'negative decimal comma': `^${s}(${min}${s}${decimalComma}|${zeroComma})${s}$`,
  percentage: `^${s}${signAnyOpt}${s}${decimalPointComma}${s}%${s}$`,
  'positive percentage': `^${s}${plusOpt}${s}${decimalPointComma}${s}%${s}$`,
  'negative percentage': `^${s}(${min}${s}${decimalPointComma}|${zeroPointComma})${s}%${s}$`,
  'percentage point': `^${s}${signAnyOpt}${s}${decimalPoint}${s}%${s}$`,
  'positive percentage point': `^${s}${plusOpt}${s}${decimalPoint}${s}%${s}$`,
  'negative percentage point': `^${s}(${min}${s}${decimalPoint}|${zeroPoint})${s}%${s}$`,
  'percentage comma': `^${s}${signAnyOpt}${s}${decimalComma}${s}%${s}$`,
  'positive percentage comma': `^${s}${plusOpt}${s}${decimalComma}${s}%${s}$`,
  'negative percentage comma': `^${s}(${min}${s}${decimalComma}|${zeroComma})${s}%${s}$`,
  money: `^${s}${signAnyOpt}${s}${decimalPointComma}${s}${currency}${s}$`,
  'money point': `^${s}${signAnyOpt}${s}${moneyPoint}${s}${currency}${s}$`,
  'money comma': `^${s}${signAnyOpt}${s}${moneyComma}${s}${currency}${s}$`,
  'date us': String.raw`^${s}${month}[-\./]${day}[-\./]${year}${s}$`,
  'date eu': String.raw`^${s}${day}[-\./]${month}[-\./]${year}${s}$`,
  'date inverse': String.raw`^${s}${year}[-\./]${month}[-\./]${day}${s}$`,
  'date iso 8601':
    `^${s}` +
    String.raw`${year4}-?(${month2}-?${day2}|W[0-5]\d(-?[1-7])?|[0-3]\d\d)` +
    String.raw`([ T]${hour24}(:?${minute2}(:?${second2}([.,]\d+)?)?)?([+-]${hour24}:?${minute2}|Z)?)?` +
    `${s}$`,
  'time 24h': `^${s}${hour24}:${minute}(:${second})?${s}$`,
  'time 24h nosec': `^${s}${hour24}:${minute}${s}$`,
  'time 12h': `^${s}${hour12}:${minute}(:${second})?${s}$`,
  'time 12h nosec': `^${s}${hour12}:${minute}${s}$`,
  'timestamp 24h': `^${s}${hour24}:${minute}:${second}${s}$`,
  'timestamp 12h': `^${s}${hour12}:${minute}:${second}${s}$`,
  uuid: String.raw`^[0-9a-fA-F]{8}\-[0-9a-fA-F]{4}\-[0-9a-fA-F]{4}\-[0-9a-fA-F]{4}\-[0-9a-fA-F]{12}$`,
  'ip address': String.raw`^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$`,
  'ipv4 address': String.raw`^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$`,
  // "scary - but covers all cases" (soda-core's comment)
  'ipv6 address': String.raw`^(([0-9a-fA-F]{1,4}:){7,7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:((:[0-9a-fA-F]{1,4}){1,6})|:((:[0-9a-fA-F]{1,4}){1,7}|:)|fe80:(:[0-9a-fA-F]{0,4}){0,4}%[0-9a-zA-Z]{1,}|::(ffff(:0{1,4}){0,1}:){0,1}((25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])\.){3,3}(25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])|([0-9a-fA-F]{1,4}:){1,4}:((25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])\.){3,3}(25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9]))$`,
  email: String.raw`^[a-zA-ZÀ-ÿĀ-ſƀ-ȳ0-9.\-_%+]+@[a-zA-ZÀ-ÿĀ-ſƀ-ȳ0-9.\-_%]+\.[A-Za-z]{2,4}$`,
  'phone number': String.raw`^((\+[0-9]{1,2}\s)?\(?[0-9]{3}\)?[\s.-])?[0-9]{3}[\s.-][0-9]{4}$`,
  'credit card number': String.raw`^[0-9]{14}|[0-9]{15}|[0-9]{16}|[0-9]{17}|[0-9]{18}|[0-9]{19}|([0-9]{4}-){3}[0-9]{4}|([0-9]{4} ){3}[0-9]{4}$`,
};

/** Formats whose values are numbers written as text: `valid min/max` then compare numerically. */
export const NUMERIC_FORMATS = new Set(Object.keys(DEFAULT_FORMATS).filter((f) => /integer|decimal|percentage|money/.test(f)));

export function formatRegex(name: string): string {
  const regex = DEFAULT_FORMATS[name];
  if (!regex) throw new Error(`unknown format "${name}" (known: ${Object.keys(DEFAULT_FORMATS).join(', ')})`);
  return regex;
}
