/**
 * Terraform's pure built-in functions, as far as configuration checks need them. Anything
 * that depends on AWS or on the clock evaluates to UNKNOWN; an unsupported function too.
 */
import { createHash } from 'node:crypto';
import {
  TfEvalError,
  UNKNOWN,
  containsUnknown,
  deepEqual,
  isList,
  isObject,
  isUnknown,
  toBool,
  toNum,
  toSet,
  toStr,
  typeName,
  type ObjectValue,
  type Unknown,
  type Value,
} from './values';

type Fn = (args: Value[]) => Value;

const str = (v: Value, fn: string): string | Unknown => toStr(v, `argument of ${fn}()`);
const anyUnknown = (...vs: Value[]) => vs.some(isUnknown);

function list(v: Value, fn: string): Value[] {
  if (isList(v)) return v;
  throw new TfEvalError(`${fn}() needs a list, got ${typeName(v)}`);
}

/** Terraform regex syntax (RE2) is close enough to JavaScript's for configuration patterns. */
function re(pattern: string, flags = ''): RegExp {
  return new RegExp(pattern.replace(/\(\?P</g, '(?<'), flags);
}

function regexResult(m: RegExpExecArray): Value {
  if (m.groups && Object.keys(m.groups).length) return { ...m.groups } as ObjectValue;
  if (m.length > 1) return m.slice(1).map((g) => g ?? null);
  return m[0];
}

const hash = (alg: string) => (a: Value[]) => {
  const s = str(a[0], alg);
  return isUnknown(s) ? UNKNOWN : createHash(alg).update(s).digest('hex');
};

export const FUNCTIONS: Record<string, Fn> = {
  abs: ([x]) => {
    const n = toNum(x);
    return isUnknown(n) ? UNKNOWN : Math.abs(n);
  },
  ceil: ([x]) => {
    const n = toNum(x);
    return isUnknown(n) ? UNKNOWN : Math.ceil(n);
  },
  floor: ([x]) => {
    const n = toNum(x);
    return isUnknown(n) ? UNKNOWN : Math.floor(n);
  },
  max: (a) => (anyUnknown(...a) ? UNKNOWN : Math.max(...a.map((x) => toNum(x) as number))),
  min: (a) => (anyUnknown(...a) ? UNKNOWN : Math.min(...a.map((x) => toNum(x) as number))),
  sum: ([l]) => (isUnknown(l) || containsUnknown(l) ? UNKNOWN : list(l, 'sum').reduce<number>((n, x) => n + (toNum(x) as number), 0)),

  lower: ([s]) => {
    const v = str(s, 'lower');
    return isUnknown(v) ? UNKNOWN : v.toLowerCase();
  },
  upper: ([s]) => {
    const v = str(s, 'upper');
    return isUnknown(v) ? UNKNOWN : v.toUpperCase();
  },
  title: ([s]) => {
    const v = str(s, 'title');
    return isUnknown(v) ? UNKNOWN : v.replace(/(^|[^A-Za-z0-9_])([a-z])/g, (_, p, c: string) => p + c.toUpperCase());
  },
  trimspace: ([s]) => {
    const v = str(s, 'trimspace');
    return isUnknown(v) ? UNKNOWN : v.trim();
  },
  chomp: ([s]) => {
    const v = str(s, 'chomp');
    return isUnknown(v) ? UNKNOWN : v.replace(/(\r?\n)+$/, '');
  },
  trimprefix: ([s, p]) => {
    const v = str(s, 'trimprefix');
    const q = str(p, 'trimprefix');
    return isUnknown(v) || isUnknown(q) ? UNKNOWN : v.startsWith(q) ? v.slice(q.length) : v;
  },
  trimsuffix: ([s, p]) => {
    const v = str(s, 'trimsuffix');
    const q = str(p, 'trimsuffix');
    return isUnknown(v) || isUnknown(q) ? UNKNOWN : q && v.endsWith(q) ? v.slice(0, -q.length) : v;
  },
  startswith: ([s, p]) => {
    const v = str(s, 'startswith');
    const q = str(p, 'startswith');
    return isUnknown(v) || isUnknown(q) ? UNKNOWN : v.startsWith(q);
  },
  endswith: ([s, p]) => {
    const v = str(s, 'endswith');
    const q = str(p, 'endswith');
    return isUnknown(v) || isUnknown(q) ? UNKNOWN : v.endsWith(q);
  },
  strcontains: ([s, p]) => {
    const v = str(s, 'strcontains');
    const q = str(p, 'strcontains');
    return isUnknown(v) || isUnknown(q) ? UNKNOWN : v.includes(q);
  },
  substr: ([s, o, l]) => {
    const v = str(s, 'substr');
    const off = toNum(o);
    const len = toNum(l);
    if (isUnknown(v) || isUnknown(off) || isUnknown(len)) return UNKNOWN;
    const chars = [...v];
    const start = off < 0 ? chars.length + off : off;
    return chars.slice(start, len < 0 ? undefined : start + len).join('');
  },
  replace: ([s, f, r]) => {
    const v = str(s, 'replace');
    const find = str(f, 'replace');
    const rep = str(r, 'replace');
    if (isUnknown(v) || isUnknown(find) || isUnknown(rep)) return UNKNOWN;
    if (find.length > 1 && find.startsWith('/') && find.endsWith('/')) return v.replace(re(find.slice(1, -1), 'g'), rep);
    return v.split(find).join(rep);
  },
  split: ([sep, s]) => {
    const a = str(sep, 'split');
    const v = str(s, 'split');
    return isUnknown(a) || isUnknown(v) ? UNKNOWN : v.split(a);
  },
  join: ([sep, l]) => {
    const a = str(sep, 'join');
    if (isUnknown(a) || isUnknown(l)) return UNKNOWN;
    const parts = list(l, 'join').map((x) => str(x, 'join'));
    return parts.some(isUnknown) ? UNKNOWN : (parts as string[]).join(a);
  },
  format: ([f, ...a]) => {
    const spec = str(f, 'format');
    if (isUnknown(spec) || anyUnknown(...a)) return UNKNOWN;
    let i = 0;
    return spec.replace(/%(%|[-+ #0]*\d*(?:\.\d+)?[sdqvf])/g, (_m, c: string) => {
      if (c === '%') return '%';
      const v = a[i++];
      if (c.endsWith('q')) return JSON.stringify(toStr(v));
      if (c.endsWith('d')) return String(Math.trunc(toNum(v) as number));
      if (c.endsWith('v') && (isList(v) || isObject(v))) return JSON.stringify(v);
      return toStr(v) as string;
    });
  },
  regex: ([p, s]) => {
    const pat = str(p, 'regex');
    const v = str(s, 'regex');
    if (isUnknown(pat) || isUnknown(v)) return UNKNOWN;
    const m = re(pat).exec(v);
    if (!m) throw new TfEvalError(`regex(): pattern ${JSON.stringify(pat)} did not match`);
    return regexResult(m);
  },
  regexall: ([p, s]) => {
    const pat = str(p, 'regexall');
    const v = str(s, 'regexall');
    if (isUnknown(pat) || isUnknown(v)) return UNKNOWN;
    return [...v.matchAll(re(pat, 'g'))].map((m) => regexResult(m as RegExpExecArray));
  },

  length: ([x]) => {
    if (isUnknown(x)) return UNKNOWN;
    if (typeof x === 'string') return [...x].length;
    if (isList(x)) return x.length;
    if (isObject(x)) return Object.keys(x).length;
    throw new TfEvalError(`length() of a ${typeName(x)}`);
  },
  concat: (a) => {
    if (anyUnknown(...a)) return UNKNOWN;
    return a.flatMap((x) => list(x, 'concat'));
  },
  flatten: ([l]) => {
    if (isUnknown(l)) return UNKNOWN;
    const out: Value[] = [];
    const walk = (v: Value): boolean => {
      if (isUnknown(v)) return false;
      if (isList(v)) return v.every(walk);
      out.push(v);
      return true;
    };
    return walk(list(l, 'flatten')) ? out : UNKNOWN;
  },
  distinct: ([l]) => {
    if (isUnknown(l)) return UNKNOWN;
    const out: Value[] = [];
    for (const x of list(l, 'distinct')) {
      if (isUnknown(x)) {
        out.push(x);
        continue;
      }
      if (!out.some((u) => deepEqual(u, x) === true)) out.push(x);
    }
    return out;
  },
  compact: ([l]) => (isUnknown(l) ? UNKNOWN : list(l, 'compact').filter((x) => x !== null && x !== '')),
  contains: ([l, x]) => {
    if (isUnknown(l)) return UNKNOWN;
    const items = list(l, 'contains');
    if (items.some((i) => deepEqual(i, x) === true)) return true;
    return items.some(isUnknown) || isUnknown(x) ? UNKNOWN : false;
  },
  alltrue: ([l]) => {
    if (isUnknown(l)) return UNKNOWN;
    const bs = list(l, 'alltrue').map(toBool);
    return bs.includes(false) ? false : bs.some(isUnknown) ? UNKNOWN : true;
  },
  anytrue: ([l]) => {
    if (isUnknown(l)) return UNKNOWN;
    const bs = list(l, 'anytrue').map(toBool);
    return bs.includes(true) ? true : bs.some(isUnknown) ? UNKNOWN : false;
  },
  coalesce: (a) => {
    for (const x of a) {
      if (isUnknown(x)) return UNKNOWN;
      if (x !== null && x !== '') return x;
    }
    throw new TfEvalError('coalesce(): no non-null, non-empty argument');
  },
  coalescelist: (a) => {
    for (const x of a) {
      if (isUnknown(x)) return UNKNOWN;
      if (isList(x) && x.length) return x;
    }
    throw new TfEvalError('coalescelist(): no non-empty list');
  },
  element: ([l, i]) => {
    const n = toNum(i);
    if (isUnknown(l) || isUnknown(n)) return UNKNOWN;
    const items = list(l, 'element');
    if (!items.length) throw new TfEvalError('element() of an empty list');
    return items[n % items.length];
  },
  one: ([l]) => {
    if (isUnknown(l)) return UNKNOWN;
    const items = list(l, 'one');
    if (items.length > 1) throw new TfEvalError('one() of a list with more than one element');
    return items.length ? items[0] : null;
  },
  reverse: ([l]) => (isUnknown(l) ? UNKNOWN : [...list(l, 'reverse')].reverse()),
  slice: ([l, s, e]) => {
    const a = toNum(s);
    const b = toNum(e);
    if (isUnknown(l) || isUnknown(a) || isUnknown(b)) return UNKNOWN;
    return list(l, 'slice').slice(a, b);
  },
  sort: ([l]) => {
    if (isUnknown(l) || containsUnknown(l)) return UNKNOWN;
    return list(l, 'sort')
      .map((x) => toStr(x) as string)
      .sort();
  },
  range: (a) => {
    if (anyUnknown(...a)) return UNKNOWN;
    const [s, e, st] =
      a.length === 1 ? [0, toNum(a[0]) as number, 1] : [toNum(a[0]) as number, toNum(a[1]) as number, a[2] === undefined ? 1 : (toNum(a[2]) as number)];
    const out: number[] = [];
    for (let i = s; st > 0 ? i < e : i > e; i += st) out.push(i);
    return out;
  },
  keys: ([m]) => {
    if (isUnknown(m)) return UNKNOWN;
    if (!isObject(m)) throw new TfEvalError(`keys() of a ${typeName(m)}`);
    return Object.keys(m).sort();
  },
  values: ([m]) => {
    if (isUnknown(m)) return UNKNOWN;
    if (!isObject(m)) throw new TfEvalError(`values() of a ${typeName(m)}`);
    return Object.keys(m)
      .sort()
      .map((k) => m[k]);
  },
  lookup: ([m, k, d]) => {
    const key = toStr(k);
    if (isUnknown(m) || isUnknown(key)) return UNKNOWN;
    if (!isObject(m)) throw new TfEvalError(`lookup() in a ${typeName(m)}`);
    if (key in m) return m[key];
    if (d !== undefined) return d;
    throw new TfEvalError(`lookup(): no key ${JSON.stringify(key)}`);
  },
  merge: (a) => {
    const out: ObjectValue = {};
    for (const m of a) {
      if (m === null) continue;
      if (isUnknown(m)) return UNKNOWN;
      if (!isObject(m)) throw new TfEvalError(`merge() of a ${typeName(m)}`);
      Object.assign(out, m);
    }
    return out;
  },
  zipmap: ([ks, vs]) => {
    if (isUnknown(ks) || isUnknown(vs)) return UNKNOWN;
    const k = list(ks, 'zipmap');
    const v = list(vs, 'zipmap');
    if (k.some(isUnknown)) return UNKNOWN;
    return Object.fromEntries(k.map((x, i) => [toStr(x) as string, v[i]]));
  },
  setunion: (a) => (anyUnknown(...a) ? UNKNOWN : toSet(a.flatMap((x) => list(x, 'setunion')))),
  toset: ([l]) => toSet(l),
  tolist: ([l]) => (isUnknown(l) ? UNKNOWN : list(l, 'tolist')),
  tomap: ([m]) =>
    isUnknown(m) || isObject(m)
      ? m
      : (() => {
          throw new TfEvalError(`tomap() of a ${typeName(m)}`);
        })(),
  tostring: ([x]) => (x === null ? null : toStr(x)),
  tonumber: ([x]) => (x === null ? null : toNum(x)),
  tobool: ([x]) => (x === null ? null : toBool(x)),

  jsonencode: ([x]) => (containsUnknown(x) ? UNKNOWN : JSON.stringify(x)),
  jsondecode: ([s]) => {
    const v = str(s, 'jsondecode');
    if (isUnknown(v)) return UNKNOWN;
    try {
      return JSON.parse(v) as Value;
    } catch (err) {
      throw new TfEvalError(`jsondecode(): ${(err as Error).message}`);
    }
  },
  base64encode: ([s]) => {
    const v = str(s, 'base64encode');
    return isUnknown(v) ? UNKNOWN : Buffer.from(v).toString('base64');
  },
  md5: hash('md5'),
  sha1: hash('sha1'),
  sha256: hash('sha256'),
};

/** Functions whose result depends on the world at plan or apply time. */
export const UNKNOWN_FUNCTIONS = new Set([
  'timestamp',
  'uuid',
  'bcrypt',
  'uuidv5',
  'cidrsubnet',
  'cidrhost',
  'cidrnetmask',
  'cidrsubnets',
  'plantimestamp',
  'filebase64sha256',
  'filesha256',
  'filemd5',
  'filebase64',
  'base64sha256',
  'timeadd',
  'formatdate',
  'rsadecrypt',
]);
