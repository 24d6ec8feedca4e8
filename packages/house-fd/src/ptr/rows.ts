import type { TextLine } from './pdf-text';
import { AMOUNT_CONTINUATION, amountIsIncomplete, matchAnchor, startsWithOwner, type AnchorParts } from './fields';

/** A table row as laid out: the asset cell, the anchor line's parts, and the detail labels under it. */
export interface RawRow {
  assetLines: string[];
  anchor: AnchorParts;
  amountText: string;
  /** Label → text (continuation lines joined with spaces), in order of appearance. */
  details: { label: string; text: string }[];
  page: number;
}

/** Labels printed under a row, in the detail block. */
export const DETAIL_LABELS = ['Filing Status', 'Description', 'Subholding Of', 'Comments', 'Location', 'Filer Comment'];
const DETAIL_START = new RegExp(`^(${DETAIL_LABELS.map((l) => l.replace(/ /g, '\\s')).join('|')}):\\s*(.*)$`, 'i');

type Kind = 'row' | 'detail';

/**
 * Which lines belong to a row's detail block (labels and their wrapped continuations) and which
 * to row cells. The Clerk prints the detail block in a smaller font than the cells, which decides
 * it; when a PDF has a single font size, a line continues a label only if the line before it was
 * full (wrapped), judged against the longest detail line in the document.
 */
export function classifyLines(lines: TextLine[]): Kind[] {
  const anchorSizes = lines.filter((l) => matchAnchor(l.text)).map((l) => l.size);
  const cellSize = anchorSizes.length ? Math.min(...anchorSizes) : 0;
  const bySize = lines.some((l) => l.size > 0 && l.size < cellSize - 0.2);
  if (bySize) return lines.map((l) => (l.size < cellSize - 0.2 ? 'detail' : 'row'));
  const widest = Math.max(0, ...lines.filter((l) => DETAIL_START.test(l.text)).map((l) => l.text.length));
  const kinds: Kind[] = [];
  lines.forEach((l, i) => {
    const prev = lines[i - 1];
    const continues = i > 0 && kinds[i - 1] === 'detail' && prev.text.length >= Math.max(60, widest - 25) && !startsWithOwner(l.text) && !matchAnchor(l.text);
    kinds.push(DETAIL_START.test(l.text) || continues ? 'detail' : 'row');
  });
  return kinds;
}

export interface AssembledRows {
  rows: RawRow[];
  strays: string[];
}

/**
 * Walk the table body once. Row-cell lines accumulate until an anchor line (type + two dates)
 * closes the asset cell; lines after the anchor complete a wrapped amount; detail lines attach to
 * the current row even when a page break (headers already removed) falls inside the row.
 */
export function assembleRows(lines: TextLine[]): AssembledRows {
  const kinds = classifyLines(lines);
  const rows: RawRow[] = [];
  const strays: string[] = [];
  let pending: string[] = [];
  let current: RawRow | null = null;
  lines.forEach((line, i) => {
    const text = line.text;
    if (kinds[i] === 'detail') {
      if (!current) {
        strays.push(text);
        return;
      }
      if (pending.length && current.details.length === 0) {
        // A page break split the asset cell: its tail arrived after the anchor line.
        current.assetLines.push(...pending);
        pending = [];
      }
      const label = DETAIL_START.exec(text);
      if (label) current.details.push({ label: canonicalLabel(label[1]), text: label[2].trim() });
      else if (current.details.length) {
        const last = current.details[current.details.length - 1];
        last.text = `${last.text} ${text}`.trim();
      } else strays.push(text);
      return;
    }
    const anchor = matchAnchor(text);
    if (anchor) {
      current = { assetLines: [...pending, ...(anchor.before ? [anchor.before] : [])], anchor, amountText: anchor.amountText, details: [], page: line.page };
      rows.push(current);
      pending = [];
      return;
    }
    if (current && current.details.length === 0 && AMOUNT_CONTINUATION.test(text) && (amountIsIncomplete(current.amountText) || text.startsWith('-'))) {
      current.amountText = `${current.amountText} ${text}`.trim();
      return;
    }
    pending.push(text);
  });
  if (pending.length) strays.push(...pending);
  return { rows, strays };
}

const canonicalLabel = (label: string) => DETAIL_LABELS.find((l) => l.toLowerCase() === label.replace(/\s+/g, ' ').toLowerCase()) ?? label;
