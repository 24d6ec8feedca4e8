/**
 * Name normalisation shared by the index parser (display names) and the member matcher.
 * The Clerk's index is typed by filers: titles leak into First ("Mark Dr", "Michael David Ltc
 * (Ret)"), nicknames appear in quotes or parentheses ('Charles J. "Chuck"', "Kathryn (Kate)"),
 * suffixes come with or without a dot, accents are sometimes dropped.
 */

/** Honorifics and ranks that are not part of anyone's given name (compared lower-case, no dots). */
const TITLES = new Set([
  'hon',
  'honorable',
  'dr',
  'mr',
  'mrs',
  'ms',
  'miss',
  'rep',
  'sen',
  'ltc',
  'ret',
  'col',
  'gen',
  'maj',
  'capt',
  'cpt',
  'lt',
  'sgt',
  'rev',
  'md',
  'phd',
  'esq',
  'cdr',
]);
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'v']);

/** Lower-case ASCII letters and single spaces: accents stripped, hyphens/dots/apostrophes → space or nothing. */
export function foldName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`.]/g, '')
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

/** Folded tokens of a name with titles and suffixes removed. */
export function nameTokens(text: string): string[] {
  return foldName(text)
    .split(' ')
    .filter((t) => t && !TITLES.has(t) && !SUFFIXES.has(t));
}

/** Nicknames written in double quotes or parentheses, e.g. 'Boris "Bo"' → ['Bo']; titles in parentheses are not nicknames. */
export function nicknamesIn(first: string): string[] {
  const found = [...first.matchAll(/"([^"]+)"|\(([^)]+)\)/g)].map((m) => (m[1] ?? m[2]).trim());
  return found.filter((n) => nameTokens(n).length > 0);
}

/**
 * First name as a person would write it: leaked trailing titles removed ("Mark Dr" → "Mark",
 * "Michael David Ltc (Ret)" → "Michael David"); quoted nicknames are kept.
 */
export function cleanFirstName(first: string): string {
  const words = first.trim().split(/\s+/).filter(Boolean);
  const isTitle = (w: string) => {
    const inner = w.replace(/^[("]+|[)"]+$/g, '');
    return TITLES.has(foldName(inner));
  };
  while (words.length > 1 && isTitle(words[words.length - 1])) words.pop();
  while (words.length > 1 && isTitle(words[0])) words.shift();
  return words.join(' ');
}

/** Display name "First Last Suffix" from index columns (titles stripped from First). */
export function displayName(first: string, last: string, suffix: string): string {
  return [cleanFirstName(first), last.trim(), suffix.trim()].filter(Boolean).join(' ');
}
