import { extractTextItems, getDocumentProxy } from 'unpdf';
import { decodeSmallCaps } from './labels';
import { withPdfjsGuard } from './pdfjs-guard';

export type PtrQuarantineReason =
  | 'empty_file'
  | 'not_a_pdf'
  | 'html_error_page'
  | 'truncated_pdf'
  | 'corrupt_pdf'
  | 'encrypted_pdf'
  | 'no_text_layer'
  | 'not_a_ptr'
  | 'unparseable'
  | 'doc_id_mismatch';

export interface Quarantine {
  status: 'quarantined';
  reason: PtrQuarantineReason;
  detail: string;
}

export const quarantine = (reason: PtrQuarantineReason, detail: string): Quarantine => ({ status: 'quarantined', reason, detail });

/** One text line of a page: its text (small-caps labels decoded) and the largest font size on it. */
export interface TextLine {
  text: string;
  size: number;
  page: number;
}

const latin1 = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes);

/**
 * Decide from the bytes alone whether this can be a PDF. The Clerk answers a DocID whose PDF is
 * not published with an HTML 404 page under the .pdf name; downloads can stop half-way.
 */
export function sniffPdf(bytes: Uint8Array): Quarantine | null {
  if (bytes.length === 0) return quarantine('empty_file', 'the file is empty');
  const head = latin1(bytes.subarray(0, 1024));
  if (!head.includes('%PDF-')) {
    if (/<(!doctype\s+html|html[\s>])/i.test(head)) {
      const title = /<title>([^<]*)<\/title>/i.exec(latin1(bytes.subarray(0, 4096)))?.[1]?.trim();
      return quarantine('html_error_page', `an HTML page was served instead of a PDF${title ? `: "${title}"` : ''}`);
    }
    return quarantine('not_a_pdf', `no %PDF- header in the first ${Math.min(1024, bytes.length)} bytes (starts with ${JSON.stringify(head.slice(0, 16))})`);
  }
  // Every complete PDF ends with %%EOF (some writers add a little whitespace after it).
  if (!latin1(bytes.subarray(Math.max(0, bytes.length - 2048))).includes('%%EOF')) {
    return quarantine('truncated_pdf', `no %%EOF marker at the end of ${bytes.length} bytes: the download is incomplete`);
  }
  return null;
}

interface Item {
  str: string;
  fontSize: number;
  hasEOL: boolean;
}

/**
 * Lines exactly as unpdf's extractText (mergePages: false) joins them — each item's text, a
 * newline after items that end a line — but keeping each line's font size: the Clerk sets
 * row cells at 9pt and the Filing Status / Description block at 8.5pt, which tells a wrapped
 * description apart from the next row's asset name.
 */
export function itemsToLines(items: Item[], page: number): TextLine[] {
  const lines: TextLine[] = [];
  let text = '';
  let size = 0;
  const flush = () => {
    const decoded = decodeSmallCaps(text).replace(/\s+/g, ' ').trim();
    if (decoded) lines.push({ text: decoded, size: Math.round(size * 10) / 10, page });
    text = '';
    size = 0;
  };
  for (const item of items) {
    text += item.str;
    if (item.str.trim()) size = Math.max(size, item.fontSize);
    if (item.hasEOL) flush();
  }
  flush();
  return lines;
}

/** Text lines of every page, or why the bytes have none. Never throws. */
export async function readPdfLines(bytes: Uint8Array): Promise<{ pages: TextLine[][] } | Quarantine> {
  const sniffed = sniffPdf(bytes);
  if (sniffed) return sniffed;
  return withPdfjsGuard(() => extractLines(bytes));
}

async function extractLines(bytes: Uint8Array): Promise<{ pages: TextLine[][] } | Quarantine> {
  try {
    // A plain Uint8Array copy: pdf.js refuses Node Buffers and may take ownership of what it is given.
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    try {
      const { items } = await extractTextItems(pdf);
      const pages = items.map((pageItems, i) => itemsToLines(pageItems, i + 1));
      if (pages.every((p) => p.length === 0)) {
        return quarantine('no_text_layer', `${pages.length} page(s) without extractable text (a scanned paper filing?)`);
      }
      return { pages };
    } finally {
      await pdf.loadingTask.destroy().catch(() => undefined);
    }
  } catch (err) {
    const e = err as Error;
    if (e?.name === 'PasswordException') return quarantine('encrypted_pdf', e.message);
    return quarantine('corrupt_pdf', `${e?.name ?? 'Error'}: ${e?.message ?? String(err)}`);
  }
}
