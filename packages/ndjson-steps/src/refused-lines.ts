import { createReadStream } from 'node:fs';
import { appendFile, rename, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { sqlPath, type DuckSession } from '@medallion/duck';
import type { QuarantineRecord } from '@medallion/ndjson';
import { type CleanFile, LineFile } from './prepare';

const LOCATED = /in file "([^"]+)",? (?:at byte \d+ )?in line (\d+)/;
const PREFIX = /^\{"_source_line":(\d+)(,|\})/;

/**
 * A line JSON.parse accepted but DuckDB's reader refuses (a field repeated in one object: JSON.parse keeps the
 * last value, DuckDB fails) fails the whole COPY. This finds the line DuckDB names, confirms DuckDB refuses it on its
 * own, moves it from the clean file to quarantine (`not_json`, DuckDB's message as detail) and returns true, so the
 * COPY can run again; the counts stay exact. Anything it cannot pin down is left to fail the manifest.
 */
export async function quarantineRefusedLine(
  duck: DuckSession,
  files: CleanFile[],
  error: unknown,
  readJson: (path: string) => string,
  scratch: string,
): Promise<boolean> {
  const message = String((error as Error)?.message ?? error);
  const m = LOCATED.exec(message);
  const file = m && files.find((f) => f.cleanPath === m[1]);
  if (!file) return false;
  const reported = Number(m[2]);
  // DuckDB counts some errors' lines from 1 and others one further: try both, keep the one it refuses alone.
  for (const lineNo of [reported, reported - 1]) {
    const text = await lineOf(file.cleanPath, lineNo);
    if (text === null || !(await refusedAlone(duck, text, readJson, scratch))) continue;
    const tag = PREFIX.exec(text);
    if (!tag) return false;
    const raw = `{${tag[2] === '}' ? '}' : ''}${text.slice(tag[0].length)}`;
    const record: QuarantineRecord = {
      file: file.fileKey,
      line: Number(tag[1]),
      reason: 'not_json',
      raw,
      detail: `refused by DuckDB: ${message.slice(0, 300)}`,
    };
    await appendFile(file.quarantinePath, `${JSON.stringify(record)}\n`);
    await dropLine(file, lineNo);
    file.rows--;
    file.quarantined.not_json = (file.quarantined.not_json ?? 0) + 1;
    return true;
  }
  return false;
}

async function lineOf(path: string, lineNo: number): Promise<string | null> {
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY })) if (++n === lineNo) return line;
  return null;
}

async function refusedAlone(duck: DuckSession, text: string, readJson: (path: string) => string, scratch: string): Promise<boolean> {
  await writeFile(scratch, `${text}\n`);
  try {
    await duck.all(`SELECT * FROM ${readJson(sqlPath(scratch))}`); // every column: count(*) alone would not transform the object
    return false;
  } catch {
    return true;
  }
}

async function dropLine(file: CleanFile, lineNo: number): Promise<void> {
  const tmp = `${file.cleanPath}.tmp`;
  const out = new LineFile(tmp);
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(file.cleanPath), crlfDelay: Number.POSITIVE_INFINITY }))
    if (++n !== lineNo) out.append(`${line}\n`);
  out.close();
  await rename(tmp, file.cleanPath);
  file.cleanBytes = out.bytes;
}
