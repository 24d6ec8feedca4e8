/**
 * The Clerk's PTR PDFs set labels in small caps with a font whose small-cap glyphs have no
 * Unicode mapping: text extraction keeps each word's first letter and yields NUL for the rest
 * ("F\0\0\0\0\0 S\0\0\0\0\0: New" is "Filing Status: New"). A word's shape — first letter plus
 * NUL count — identifies the label, so we rebuild the known labels from their shapes.
 */
const KNOWN_LABELS = [
  'Filing Status',
  'Description',
  'Subholding Of',
  'Comments',
  'Location',
  'Filer Comment',
  'Periodic Transaction Report',
  'Filer Information',
  'Transactions',
  'Initial Public Offerings',
  'Certification and Signature',
  'Filer Notes',
];

/** "Filing Status" → "F5 S5"; words that are entirely small caps ("and") have no first letter: "_3". */
function shapeOfLabel(label: string): string {
  return label
    .split(' ')
    .map((w, i) => (i > 0 && w === w.toLowerCase() ? `_${w.length}` : `${w[0]}${w.length - 1}`))
    .join(' ');
}

const LABEL_BY_SHAPE = new Map(KNOWN_LABELS.map((l) => [shapeOfLabel(l), l]));

/** A run of NUL-bearing words: "F\0\0\0\0\0 S\0\0\0\0\0" or "C\0… \0\0\0 S\0…". */
const NUL_WORDS = /(?:[A-Za-z]?\u0000+)(?: (?:[A-Za-z]?\u0000+))*/g;

function shapeOfNulWords(words: string): string {
  return words
    .split(' ')
    .map((w) => (w[0] === '\u0000' ? `_${w.length}` : `${w[0]}${w.length - 1}`))
    .join(' ');
}

/** Replace every NUL-word run by its label (or by its letters when the shape is unknown) and drop stray NULs. */
export function decodeSmallCaps(text: string): string {
  return text.replace(NUL_WORDS, (words) => LABEL_BY_SHAPE.get(shapeOfNulWords(words)) ?? words.replace(/\u0000/g, '')).replace(/\u0000/g, '');
}
