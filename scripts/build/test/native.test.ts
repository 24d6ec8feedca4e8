import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { NATIVE_ADDONS, REPO_ROOT } from '../config';
import { addonProblem, addonsFor, buildAddon, compareVersions, glibcVersionsNeeded } from '../native';

/** A 64-byte ELF64 little-endian header for `machine`, followed by `strings` (as .gnu.version_r would hold them). */
function elf(machine: number, strings: string[] = []): Buffer {
  const head = Buffer.alloc(64);
  head.writeUInt32BE(0x7f454c46, 0);
  head[4] = 2; // ELFCLASS64
  head[5] = 1; // little-endian
  head.writeUInt16LE(3, 16); // ET_DYN
  head.writeUInt16LE(machine, 18);
  return Buffer.concat([head, Buffer.from(`\0${strings.join('\0')}\0`, 'latin1')]);
}

describe('compiled addons in the zips', () => {
  it('ships the row scanner only with bundles that contain the module loading it', () => {
    expect(addonsFor(['functions/ndjson-convert/src/index.ts', 'packages/ndjson/src/native-scan.ts']).map((a) => a.file)).toEqual(['row_scanner.node']);
    expect(addonsFor(['functions/ndjson-update-status/src/index.ts', 'packages/ndjson/src/schema.ts'])).toEqual([]);
  });

  it('reads the GLIBC_x.y versions a binary needs, and orders versions numerically', () => {
    expect(glibcVersionsNeeded(elf(0x3e, ['libc.so.6', 'GLIBC_2.14', 'GLIBC_2.2.5', 'GLIBC_PRIVATE', 'GLIBC_2.14']))).toEqual(['2.2.5', '2.14']);
    expect(compareVersions('2.34', '2.4')).toBeGreaterThan(0);
    expect(compareVersions('2.34', '2.34.0')).toBe(0);
  });

  it("refuses a binary Lambda cannot load: glibc newer than Amazon Linux 2023's 2.34, another CPU, not ELF", () => {
    expect(addonProblem(elf(0x3e, ['GLIBC_2.2.5', 'GLIBC_2.34']))).toBeNull();
    expect(addonProblem(elf(0x3e, ['GLIBC_2.2.5', 'GLIBC_2.38']))).toBe("needs GLIBC_2.38, newer than the target's 2.34");
    expect(addonProblem(elf(0xb7))).toBe('not a 64-bit ELF for x64');
    expect(addonProblem(Buffer.from('\xcf\xfa\xed\xfe mach-o', 'latin1'))).toBe('not an ELF shared object');
  });

  it('skips the addon with a warning when the host is not Lambda’s platform (the JS fallback runs)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'native-test-'));
    try {
      const built = await buildAddon(REPO_ROOT, NATIVE_ADDONS[0], dir, { os: 'darwin', cpu: 'arm64', libc: 'glibc' });
      expect(built.data).toBeUndefined();
      expect(built.error).toBeUndefined();
      expect(built.warning).toBe('row_scanner.node not shipped: it is built for the host (darwin-arm64-glibc), Lambda is linux-x64-glibc');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
