/** 'M/D/YYYY' or 'MM/DD/YYYY' (the Clerk's formats) → 'YYYY-MM-DD', or null if it is not a real date. */
export function usDateToIso(text: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!m) return null;
  const [month, day, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2/30 over into March: reject anything that did not survive the round trip.
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${m[3]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** 'YYYY-MM-DD' → 'M/D/YYYY' (index files) or 'MM/DD/YYYY' (PTR PDFs, padded). */
export function isoToUsDate(iso: string, padded: boolean): string {
  const [y, m, d] = iso.split('-');
  return padded ? `${m}/${d}/${y}` : `${Number(m)}/${Number(d)}/${y}`;
}
