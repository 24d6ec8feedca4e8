import type { ObjectStore } from './store';

export type LakeOp = 'get' | 'head' | 'list' | 'stage' | 'put' | 'putFile' | 'delete';
export interface LakeAccess {
  op: LakeOp;
  key: string;
}
type Observer = (access: LakeAccess) => void;

const observers = new Set<Observer>();

/**
 * Be told of every access to lakes opened with openLakeFromEnv (what the functions use) — for
 * audits such as "does each function's IAM grant cover what it touches". Returns the unsubscribe.
 */
export function observeLake(observer: Observer): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

/** A thin wrapper that reports each access to the observers (none in Lambda: a loop over an empty set). */
export function observed(store: ObjectStore): ObjectStore {
  const tell = (op: LakeOp, key: string) => {
    for (const o of observers) o({ op, key });
  };
  return {
    get uri() {
      return store.uri;
    },
    get: (key) => {
      tell('get', key);
      return store.get(key);
    },
    // Streams need the same grants as their whole-object twins (s3:GetObject, s3:PutObject): reported as those.
    getStream: (key) => {
      tell('get', key);
      return store.getStream(key);
    },
    head: (key) => {
      tell('head', key);
      return store.head(key);
    },
    list: (prefix) => {
      tell('list', prefix);
      return store.list(prefix);
    },
    stage: (keys) => {
      for (const k of keys) tell('stage', k);
      return store.stage(keys);
    },
    put: (key, body, type) => {
      tell('put', key);
      return store.put(key, body, type);
    },
    putIfAbsent: (key, body, type) => {
      tell('put', key);
      return store.putIfAbsent(key, body, type);
    },
    putStream: (key, body, type) => {
      tell('put', key);
      return store.putStream(key, body, type);
    },
    putFile: (key, path) => {
      tell('putFile', key);
      return store.putFile(key, path);
    },
    delete: (key) => {
      tell('delete', key);
      return store.delete(key);
    },
  };
}
