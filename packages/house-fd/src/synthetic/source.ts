import { writeDeterministicZip } from '../zip';
import type { Member } from '../members/legislators';
import { renderIndexTxt, renderIndexXml } from './index-files';
import { generateSyntheticFilings, type SyntheticFiling } from './model';
import { renderPtrPdf } from './ptr-pdf';

export interface SyntheticSourceOptions {
  members: Member[];
  /** The members YAML text, copied verbatim to members/legislators-current.yaml. */
  membersYaml?: string;
  year: number;
  filings: number;
  seed: string | number;
  maxRowsPerFiling?: number;
}

export interface SyntheticSource {
  /** Relative path in the Clerk's layout → bytes, in a stable order. */
  files: [path: string, bytes: Uint8Array][];
  filings: SyntheticFiling[];
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/**
 * Everything a source directory needs, in memory: financial-pdfs/YYYYFD.zip (XML + TXT index of
 * the synthetic PTRs), ptr-pdfs/YYYY/<DocID>.pdf, and the members file. Same options → same bytes.
 */
export async function buildSyntheticSource(opts: SyntheticSourceOptions): Promise<SyntheticSource> {
  const filings = generateSyntheticFilings(opts);
  const zip = writeDeterministicZip(
    [
      [`${opts.year}FD.txt`, utf8(renderIndexTxt(filings))],
      [`${opts.year}FD.xml`, utf8(renderIndexXml(filings))],
    ],
    { year: opts.year, month: 12, day: 31 },
  );
  const files: [string, Uint8Array][] = [[`financial-pdfs/${opts.year}FD.zip`, zip]];
  for (const f of filings) files.push([`ptr-pdfs/${opts.year}/${f.docId}.pdf`, await renderPtrPdf(f)]);
  if (opts.membersYaml !== undefined) files.push(['members/legislators-current.yaml', utf8(opts.membersYaml)]);
  return { files, filings };
}
