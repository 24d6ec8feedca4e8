import { describe, expect, it } from '@jest/globals';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localStore, type ObjectStore } from '@medallion/lake';
import { INLINE_MANIFEST_MAX_BYTES, manifestInputFor, manifestKeyOf, resolveConvertInput, resolveManifestInput } from '../src/manifest-store';

const lake = async (): Promise<ObjectStore> => localStore(await mkdtemp(join(tmpdir(), 'manifest-store-')));
const manifestOf = (id: string, n: number) => {
  const files = Array.from({ length: n }, (_, i) => ({
    date_prefix: '2026-12-01',
    file_key: `2026-12-01/events-${String(i).padStart(6, '0')}.ndjson.gz`,
    size: 40_000 + i,
    etag: `"e${i}"`,
  }));
  return { manifest_id: id, files, bytes: files.reduce((s, f) => s + f.size, 0) };
};

describe('manifestInputFor', () => {
  it('keeps a small manifest inline and writes nothing', async () => {
    const store = await lake();
    const small = manifestOf('m-small', 3);
    expect(await manifestInputFor(store, small)).toBe(small);
    expect(await store.list('_manifests/')).toEqual([]);
  });

  it('writes a large manifest to _manifests/ndjson/<id>.json and returns { manifest_id, bytes, manifest_key }, far under 8 KiB', async () => {
    const store = await lake();
    const big = manifestOf('m-big', 5000);
    expect(JSON.stringify(big).length).toBeGreaterThan(256 * 1024); // over the Step Functions input limit inline
    const input = await manifestInputFor(store, big);
    expect(input).toEqual({ manifest_id: 'm-big', bytes: big.bytes, manifest_key: '_manifests/ndjson/m-big.json' });
    expect(JSON.stringify(input).length).toBeLessThan(INLINE_MANIFEST_MAX_BYTES);
    expect(await resolveManifestInput(store, input)).toEqual(big);
    // Idempotent: a retried dispatch writes the same bytes under the same key.
    expect(await manifestInputFor(store, big)).toEqual(input);
    expect((await store.list('_manifests/')).map((o) => o.key)).toEqual(['_manifests/ndjson/m-big.json']);
  });

  it('keeps a large manifest inline when there is no lake (tests, in-memory runs)', async () => {
    const big = manifestOf('m-nolake', 200);
    expect(await manifestInputFor(undefined, big)).toBe(big);
  });
});

describe('resolveManifestInput / resolveConvertInput', () => {
  it('refuses a key that is not the manifest id’s own, a missing object, and an object holding another manifest', async () => {
    const store = await lake();
    await expect(resolveManifestInput(store, { manifest_id: 'm-1', manifest_key: 'silver/ndjson/x.json' })).rejects.toThrow(
      /manifest_key must be _manifests\/ndjson\/m-1\.json/,
    );
    await expect(resolveManifestInput(store, { manifest_id: 'm-1', manifest_key: manifestKeyOf('m-1') })).rejects.toThrow(/is not in the lake/);
    await store.put(manifestKeyOf('m-2'), JSON.stringify(manifestOf('m-other', 1)));
    await expect(resolveManifestInput(store, { manifest_id: 'm-2', manifest_key: manifestKeyOf('m-2') })).rejects.toThrow(/holds manifest m-other/);
    await store.put(manifestKeyOf('m-3'), JSON.stringify({ manifest_id: 'm-3', files: 'nope', bytes: 1 }));
    await expect(resolveManifestInput(store, { manifest_id: 'm-3', manifest_key: manifestKeyOf('m-3') })).rejects.toThrow(/is not a manifest/);
    await expect(resolveManifestInput(store, { manifest_id: 'm-4' })).rejects.toThrow(/neither files nor manifest_key/);
    expect(() => manifestKeyOf('../x')).toThrow(/invalid manifest_id/);
  });

  it('gives the converter the same manifest from either form', async () => {
    const store = await lake();
    const m = manifestOf('m-c', 100);
    const keyed = await manifestInputFor(store, m);
    expect('manifest_key' in keyed).toBe(true);
    expect(await resolveConvertInput(store, keyed)).toEqual(m);
    expect(await resolveConvertInput(store, m)).toEqual(m);
    await expect(resolveConvertInput(store, { ...m, manifest_key: manifestKeyOf('m-c') })).rejects.toThrow(/not both/);
  });
});
