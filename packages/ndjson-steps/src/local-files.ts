import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

/** Concatenate local files into one, streaming (quarantine records of many files into a date's object). */
export async function appendFiles(sources: string[], target: string): Promise<void> {
  const out = await open(target, 'w');
  try {
    for (const src of sources) for await (const chunk of createReadStream(src)) await out.write(chunk as Buffer);
  } finally {
    await out.close();
  }
}
