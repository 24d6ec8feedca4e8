import { unzipSync, zipSync } from 'fflate';

/** All files of a zip archive by entry name (directories are skipped). Throws on a corrupt zip. */
export function readZipEntries(bytes: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(bytes, { filter: (f) => !f.name.endsWith('/') });
}

/**
 * A zip whose bytes depend only on its contents: entries in the given order, one fixed
 * modification time, fixed compression level. Zip stores DOS local time, so the time is built
 * from local fields: the bytes do not change with the machine's time zone.
 */
export function writeDeterministicZip(
  files: [name: string, data: Uint8Array][],
  mtime: { year: number; month: number; day: number } = { year: 2025, month: 1, day: 1 },
): Uint8Array {
  const when = new Date(mtime.year, mtime.month - 1, mtime.day, 12, 0, 0);
  const tree: Record<string, [Uint8Array, { mtime: Date; level: 6 }]> = {};
  for (const [name, data] of files) tree[name] = [data, { mtime: when, level: 6 }];
  return zipSync(tree);
}
