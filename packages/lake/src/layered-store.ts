import type { ObjectInfo, ObjectStore } from './store';

/**
 * One lake over several stores: a key goes to the store of its first segment (its layer:
 * `silver/…` → the silver bucket), anything else to the root store. Keys are kept whole, so
 * `silver/house_fd/x.parquet` is `s3://<silver bucket>/silver/house_fd/x.parquet` — the same
 * key layout as a single-directory lake, and the prefixes IAM grants per layer.
 */
export function layeredStore(root: ObjectStore, layers: Record<string, ObjectStore>): ObjectStore {
  const storeOf = (key: string): ObjectStore => layers[key.split('/', 1)[0]] ?? root;
  return {
    uri: root.uri,
    get: (key) => storeOf(key).get(key),
    getStream: (key) => storeOf(key).getStream(key),
    put: (key, body, contentType) => storeOf(key).put(key, body, contentType),
    putStream: (key, body, contentType) => storeOf(key).putStream(key, body, contentType),
    putIfAbsent: (key, body, contentType) => storeOf(key).putIfAbsent(key, body, contentType),
    head: (key) => storeOf(key).head(key),
    delete: (key) => storeOf(key).delete(key),
    putFile: (key, localPath) => storeOf(key).putFile(key, localPath),
    async list(prefix) {
      // A prefix inside one layer lists that layer; a broader one ('' or 'sil') lists every store.
      const first = prefix.split('/', 1)[0];
      if (prefix.includes('/') || layers[first]) return storeOf(prefix).list(prefix);
      const all: ObjectInfo[] = [];
      for (const store of new Set([root, ...Object.values(layers)])) all.push(...(await store.list(prefix)));
      const seen = new Set<string>();
      return all.filter((o) => !seen.has(o.key) && seen.add(o.key)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    async stage(keys) {
      // Keep the caller's order: group by store, then put the paths back in place.
      const out = new Array<string>(keys.length);
      const groups = new Map<ObjectStore, number[]>();
      keys.forEach((k, i) => {
        const s = storeOf(k);
        groups.set(s, [...(groups.get(s) ?? []), i]);
      });
      for (const [store, idx] of groups) {
        const paths = await store.stage(idx.map((i) => keys[i]));
        idx.forEach((i, j) => {
          out[i] = paths[j];
        });
      }
      return out;
    },
  };
}
