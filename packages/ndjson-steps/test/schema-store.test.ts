import { describe, expect, it } from '@jest/globals';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localStore, type ObjectStore } from '@medallion/lake';
import { LEGACY_SCHEMA_KEY, loadSchema, recordSchemaChange, schemaVersionKey } from '../src/schema-store';

const col = (name: string) => ({ name, type: 'VARCHAR' as const });

/**
 * The lake as two converters see it when they race: nothing is written until both have read the schema
 * (so each starts from the same version, the case an unconditional overwrite loses a change in).
 */
function racingLake(lake: ObjectStore, readers: number): ObjectStore {
  let reads = 0;
  let release!: () => void;
  const allRead = new Promise<void>((r) => (release = r));
  const read = () => {
    if (++reads === readers) release();
  };
  return {
    ...lake,
    uri: lake.uri,
    get: async (key) => {
      const out = await lake.get(key);
      if (key.startsWith('_schemas/')) read();
      return out;
    },
    put: async (key, body, type) => {
      await allRead;
      return lake.put(key, body, type);
    },
    putIfAbsent: async (key, body, type) => {
      await allRead;
      return lake.putIfAbsent(key, body, type);
    },
  };
}

async function freshLake(): Promise<ObjectStore> {
  return localStore(await mkdtemp(join(tmpdir(), 'schema-store-')));
}

describe('schema store: compare-and-swap versions', () => {
  it('records both of two concurrent evolutions (the loser re-reads and records on top)', async () => {
    const lake = await freshLake();
    await recordSchemaChange(lake, { at: 't0', manifest_id: 'm0', source: 'inferred', added: [col('id')] });
    const racing = racingLake(lake, 2);
    const [a, b] = await Promise.all([
      recordSchemaChange(racing, { at: 't1', manifest_id: 'm-a', source: 'new_fields', added: [col('x')] }),
      recordSchemaChange(racing, { at: 't1', manifest_id: 'm-b', source: 'new_fields', added: [col('y')] }),
    ]);
    expect([a?.version, b?.version].sort()).toEqual([2, 3]);
    const schema = await loadSchema(lake);
    expect(schema?.version).toBe(3);
    expect(schema?.columns.map((c) => c.name).sort()).toEqual(['id', 'x', 'y']);
    expect(schema?.changes.map((c) => c.manifest_id).sort()).toEqual(['m-a', 'm-b', 'm0']);
    // Every version is its own immutable object.
    for (const v of [1, 2, 3]) expect(await lake.head(schemaVersionKey(v))).not.toBeNull();
  });

  it('records a column two converters both add once', async () => {
    const lake = await freshLake();
    const racing = racingLake(lake, 2);
    const changes = await Promise.all(
      ['m-a', 'm-b'].map((m) => recordSchemaChange(racing, { at: 't', manifest_id: m, source: 'inferred', added: [col('id'), col('z')] })),
    );
    expect(changes.filter((c) => c !== null)).toHaveLength(1);
    expect((await loadSchema(lake))?.columns.map((c) => c.name)).toEqual(['id', 'z']);
  });

  it('reads the legacy schema.json until the first versioned change, then builds on it', async () => {
    const lake = await freshLake();
    await lake.put(LEGACY_SCHEMA_KEY, JSON.stringify({ version: 4, columns: [col('old')], changes: [] }));
    expect((await loadSchema(lake))?.version).toBe(4);
    expect(await recordSchemaChange(lake, { at: 't', manifest_id: 'm5', source: 'new_fields', added: [col('old'), col('new')] })).toMatchObject({
      version: 5,
      added: [col('new')],
    });
    expect((await loadSchema(lake))?.columns.map((c) => c.name)).toEqual(['old', 'new']);
  });
});

describe('localStore.putIfAbsent', () => {
  it('creates a key once: a second create returns null and leaves the first body', async () => {
    const lake = await freshLake();
    expect(await lake.putIfAbsent('_schemas/ndjson/v000001.json', 'first')).toMatchObject({ key: '_schemas/ndjson/v000001.json', size: 5 });
    expect(await lake.putIfAbsent('_schemas/ndjson/v000001.json', 'second')).toBeNull();
    expect(new TextDecoder().decode((await lake.get('_schemas/ndjson/v000001.json'))!)).toBe('first');
    expect((await lake.list('_schemas/')).map((o) => o.key)).toEqual(['_schemas/ndjson/v000001.json']);
  });
});
