import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeFile } from '../src/index';
import { sourcePath } from './helpers';

describe('describeFile', () => {
  it('describes a PTR PDF', async () => {
    const d = await describeFile(sourcePath('ptr-pdfs/2025/20027933.pdf'));
    expect(d).toMatchObject({ kind: 'ptr', docId: '20027933', status: 'ok', header: { name: 'Hon. Marjorie Taylor Greene' } });
    if (d.kind === 'ptr' && d.status === 'ok') expect(d.transactions).toHaveLength(7);
  });

  it('gives the quarantine reason of a bad PDF', async () => {
    expect(await describeFile(sourcePath('ptr-pdfs/2025/20033421.pdf'))).toMatchObject({ kind: 'ptr', status: 'quarantined', reason: 'html_error_page' });
    expect(await describeFile(sourcePath('ptr-pdfs/2025/8220735.pdf'))).toMatchObject({ kind: 'ptr', status: 'quarantined', reason: 'no_text_layer' });
  });

  it('describes every entry of an index zip', async () => {
    const d = await describeFile(sourcePath('financial-pdfs/2023FD.zip'));
    expect(d.kind).toBe('zip');
    if (d.kind !== 'zip') return;
    expect(d.entries.map((e) => [e.kind, e.file, e.kind === 'index' ? e.stats.rows : null])).toEqual([
      ['index', '2023FD.txt', 1549],
      ['index', '2023FD.xml', 1549],
    ]);
  });

  it('says when it has no parser for a file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'house-fd-')), 'notes.csv');
    writeFileSync(file, 'a,b\n');
    expect(await describeFile(file)).toMatchObject({ kind: 'unsupported' });
  });

  it('diagnoses a truncated zip instead of throwing (fflate error codes are numbers)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'house-fd-')), '2023FD.zip');
    writeFileSync(file, readFileSync(sourcePath('financial-pdfs/2023FD.zip')).subarray(0, 2000));
    expect(await describeFile(file)).toEqual({ kind: 'invalid', file, detail: 'not a valid zip: invalid zip data' });
  });
});
