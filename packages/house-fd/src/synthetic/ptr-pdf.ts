import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import { isoToUsDate } from '../dates';
import { SYNTHETIC_MARKER } from '../ptr/sections';
import type { SyntheticFiling, SyntheticRow } from './model';

// Geometry copied from the Clerk's e-filed PTRs (US Letter, points): column x positions, font
// sizes (cells 9pt, the Filing Status / Description block 8.5pt) and wrap widths.
const PAGE: [number, number] = [612, 792];
const COL = { owner: 64.9, asset: 103.9, type: 260.7, date: 325.2, notification: 379.9, amount: 444.4, label: 21.7, value: 99 };
const SIZE = { marker: 7, title: 21, heading: 12, field: 9.7, head: 9.4, cell: 9, detail: 8.5, note: 8 };
const WIDTH = { asset: 150, amount: 64, detail: 450, note: 560 };
const LINE = { cell: 10.5, detail: 12.75 };
const BOTTOM = 60;
const CERTIFY = [
  'I CERTIFY that the statements I have made on the attached Periodic Transaction Report are true, complete, and correct to the best of',
  'my knowledge and belief. Further, I CERTIFY that I have disclosed all transactions as required by the STOCK Act.',
];

/** Break text into lines no wider than `width` at single spaces (the parser re-joins with one space). */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

/** Standard PDF fonts only cover WinAnsi: spell anything else without its accents. */
function printable(font: PDFFont, text: string): string {
  try {
    font.encodeText(text);
    return text;
  } catch {
    return text.normalize('NFD').replace(/[^\x20-\x7e\u00a0-\u00ff]/g, '');
  }
}

class Writer {
  page!: PDFPage;
  y = 0;
  constructor(
    private doc: PDFDocument,
    private fonts: { body: PDFFont; bold: PDFFont; sans: PDFFont },
  ) {}

  text(x: number, y: number, text: string, size: number, font: PDFFont = this.fonts.body) {
    this.page.drawText(printable(font, text), { x, y, size, font });
  }

  newPage(withTableHead: boolean) {
    this.page = this.doc.addPage(PAGE);
    this.text(COL.label, 775, SYNTHETIC_MARKER, SIZE.marker, this.fonts.sans);
    this.y = 740;
    if (withTableHead) this.tableHead();
  }

  /** The column header, drawn cell by cell in the Clerk's order so it extracts to the same lines. */
  tableHead() {
    const y = this.y - 10;
    const cells: [number, string, number][] = [
      [25.3, 'ID', 0],
      [65.1, 'Owner', 0],
      [104.1, 'Asset', 0],
      [260.8, 'Transaction', 0],
      [260.8, 'Type', 1],
      [325.3, 'Date', 0],
      [380.1, 'Notification', 0],
      [380.1, 'Date', 1],
      [444.6, 'Amount', 0],
      [524.8, 'Cap.', 0],
      [524.8, 'Gains >', 1],
      [524.8, '$200?', 2],
    ];
    for (const [x, t, down] of cells) this.text(x, y - down * 11.3, t, SIZE.head, this.fonts.bold);
    this.y = y - 44;
  }

  ensure(height: number) {
    if (this.y - height < BOTTOM) this.newPage(true);
  }

  row(r: SyntheticRow) {
    const { body } = this.fonts;
    const asset = wrap(`${r.assetName}${r.ticker ? ` (${r.ticker})` : ''} [${r.assetType}]`, body, SIZE.cell, WIDTH.asset);
    // A bracket too wide for the column wraps after its dash ("$250,001 -" / "$500,000"), "Over" before the figure.
    const amount =
      body.widthOfTextAtSize(r.amountText, SIZE.cell) <= WIDTH.amount
        ? [r.amountText]
        : r.amountText.includes(' - ')
          ? [r.amountText.replace(/ - .*/, ' -'), r.amountText.replace(/.* - /, '')]
          : [r.amountText.replace(/ \S+$/, ''), r.amountText.replace(/^.* /, '')];
    const cellHeight = Math.max(asset.length, amount.length) * LINE.cell;
    this.ensure(cellHeight + LINE.detail);
    const y = this.y;
    if (r.owner !== 'self') this.text(COL.owner, y, r.owner, SIZE.cell);
    for (const [i, l] of asset.entries()) this.text(COL.asset, y - i * LINE.cell, l, SIZE.cell);
    this.text(COL.type, y, r.typeCode, SIZE.cell);
    this.text(COL.date, y, isoToUsDate(r.transactionDate, true), SIZE.cell);
    this.text(COL.notification, y, isoToUsDate(r.notificationDate, true), SIZE.cell);
    for (const [i, l] of amount.entries()) this.text(COL.amount, y - i * LINE.cell, l, SIZE.cell);
    this.y = y - cellHeight - 6.7;
    const details = ['Filing Status: New'];
    if (r.subholdingOf) details.push(...wrap(`Subholding Of: ${r.subholdingOf}`, body, SIZE.detail, WIDTH.detail));
    if (r.description) details.push(...wrap(`Description: ${r.description}`, body, SIZE.detail, WIDTH.detail));
    for (const line of details) {
      // Like the Clerk's, a row's detail block may continue on the next page.
      this.ensure(0);
      this.text(COL.asset, this.y, line, SIZE.detail);
      this.y -= LINE.detail;
    }
    this.y -= 13.5;
  }
}

/**
 * A PTR PDF in the Clerk's text layout for one synthetic filing, marked as synthetic on every
 * page. Same filing → same bytes (fixed metadata dates, no object streams, no random ids).
 */
export async function renderPtrPdf(filing: SyntheticFiling): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const when = new Date(`${filing.filingDate}T12:00:00Z`);
  doc.setTitle(`Periodic Transaction Report ${filing.docId} (SYNTHETIC)`);
  doc.setProducer('@medallion/house-fd synthetic generator');
  doc.setCreator('@medallion/house-fd');
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  const fonts = {
    body: await doc.embedFont(StandardFonts.TimesRoman),
    bold: await doc.embedFont(StandardFonts.TimesRomanBold),
    sans: await doc.embedFont(StandardFonts.Helvetica),
  };
  const w = new Writer(doc, fonts);
  const name = `Hon. ${filing.first} ${filing.last}${filing.suffix ? ` ${filing.suffix}` : ''}`;
  w.newPage(false);
  w.text(483.4, 711.8, `Filing ID #${filing.docId}`, SIZE.cell);
  w.text(117.4, 685.5, 'Periodic Transaction Report', SIZE.title, fonts.bold);
  w.text(69.2, 647.3, 'Clerk of the House of Representatives • Legislative Resource Center • B81 Cannon Building • Washington, DC 20515', SIZE.cell);
  w.text(COL.label, 612, 'Filer Information', SIZE.heading, fonts.bold);
  const fields: [string, string][] = [
    ['Name:', name],
    ['Status:', 'Member'],
    ['State/District:', filing.stateDst],
  ];
  fields.forEach(([label, value], i) => {
    w.text(COL.label, 594 - i * 15.75, label, SIZE.field, fonts.bold);
    w.text(COL.value, 594 - i * 15.75, value, SIZE.field);
  });
  w.text(COL.label, 526.5, 'Transactions', SIZE.heading, fonts.bold);
  w.y = 513;
  w.tableHead();
  for (const r of filing.rows) w.row(r);
  w.ensure(130);
  w.text(COL.label, w.y, '* For the complete list of asset type abbreviations, please visit https://fd.house.gov/reference/asset-type-codes.aspx.', SIZE.note);
  w.text(COL.label, w.y - 30, 'Initial Public Offerings', SIZE.heading, fonts.bold);
  w.text(COL.label, w.y - 60, 'Certification and Signature', SIZE.heading, fonts.bold);
  for (const [i, l] of CERTIFY.entries()) w.text(COL.label, w.y - 78 - i * 11, l, SIZE.cell);
  w.text(COL.label, w.y - 110, `Digitally Signed: ${name} , ${isoToUsDate(filing.filingDate, true)}`, SIZE.cell);
  return doc.save({ useObjectStreams: false });
}
