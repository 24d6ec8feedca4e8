/** Values of the static evaluator: JSON-like data plus UNKNOWN for anything only AWS knows (ARNs, ids). */

export class Unknown {
  /** Brands the class so that no string or object is structurally an Unknown. */
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: a brand for the type checker, never read
  private readonly unknownValue = true;
  toString() {
    return '(known after apply)';
  }
}
export const UNKNOWN: Unknown = Object.freeze(new Unknown()) as Unknown;

export type Value = null | boolean | number | string | Unknown | Value[] | { [key: string]: Value };
export type ObjectValue = { [key: string]: Value };

/** A configuration error terraform plan would report (missing key, missing file, ...). */
export class TfEvalError extends Error {
  override name = 'TfEvalError';
}

export const isUnknown = (v: Value): v is Unknown => v instanceof Unknown;
export const isObject = (v: Value): v is ObjectValue => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown);
export const isList = (v: Value): v is Value[] => Array.isArray(v);

/** True when the value, or anything inside it, is unknown. */
export function containsUnknown(v: Value): boolean {
  if (isUnknown(v)) return true;
  if (isList(v)) return v.some(containsUnknown);
  if (isObject(v)) return Object.values(v).some(containsUnknown);
  return false;
}

export function typeName(v: Value): string {
  if (v === null) return 'null';
  if (isUnknown(v)) return 'unknown';
  if (isList(v)) return 'list';
  if (isObject(v)) return 'object';
  return typeof v;
}

/** Terraform's string conversion for template interpolation. */
export function toStr(v: Value, what = 'value'): string | Unknown {
  if (isUnknown(v)) return UNKNOWN;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null) throw new TfEvalError(`${what} is null where a string is required`);
  throw new TfEvalError(`${what} is a ${typeName(v)} where a string is required`);
}

export function toNum(v: Value): number | Unknown {
  if (isUnknown(v)) return UNKNOWN;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  throw new TfEvalError(`a number is required, got ${typeName(v)}`);
}

export function toBool(v: Value): boolean | Unknown {
  if (isUnknown(v)) return UNKNOWN;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new TfEvalError(`a bool is required, got ${typeName(v)}`);
}

/** Elements of a list, set, tuple, map or object (terraform's iteration order for maps: sorted keys). */
export function entries(v: Value): [Value, Value][] | Unknown {
  if (isUnknown(v)) return UNKNOWN;
  if (isList(v)) return v.map((x, i) => [i, x]);
  if (isObject(v))
    return Object.keys(v)
      .sort()
      .map((k) => [k, v[k]]);
  if (v === null) throw new TfEvalError('cannot iterate over null');
  throw new TfEvalError(`cannot iterate over a ${typeName(v)}`);
}

export function deepEqual(a: Value, b: Value): boolean | Unknown {
  if (isUnknown(a) || isUnknown(b)) return UNKNOWN;
  if (isList(a) && isList(b)) {
    if (a.length !== b.length) return false;
    let unknown = false;
    for (let i = 0; i < a.length; i++) {
      const e = deepEqual(a[i], b[i]);
      if (e === false) return false;
      if (isUnknown(e)) unknown = true;
    }
    return unknown ? UNKNOWN : true;
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join('\u0000') !== kb.join('\u0000')) return false;
    return deepEqual(
      ka.map((k) => a[k]),
      kb.map((k) => b[k]),
    );
  }
  return a === b;
}

/** A set of strings/numbers as terraform iterates it: unique and sorted. */
export function toSet(v: Value): Value {
  if (isUnknown(v)) return UNKNOWN;
  if (!isList(v)) throw new TfEvalError(`toset needs a list, got ${typeName(v)}`);
  if (v.some(isUnknown)) return UNKNOWN;
  const uniq: Value[] = [];
  for (const x of v) if (!uniq.some((u) => deepEqual(u, x) === true)) uniq.push(x);
  return uniq.every((x) => typeof x === 'string') ? (uniq as string[]).sort() : uniq;
}
