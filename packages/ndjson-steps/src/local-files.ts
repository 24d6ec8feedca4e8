import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

/** Concatenate local files into one, streaming (quarantine records of many files into a date's object). */
export async function appendFiles(sources: string[], target: string): Promise<void> {
  const out = createWriteStream(target);
  for (const src of sources) await pipeline(createReadStream(src), out, { end: false });
  out.end();
  await new Promise<void>((resolve, reject) => out.on('finish', resolve).on('error', reject));
}
