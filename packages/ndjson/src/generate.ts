import { gzipSync } from 'node:zlib';
import type { QuarantineReason } from './quarantine';
import type { SchemaColumn } from './schema';

export interface GenerateOptions {
  files: number;
  linesPerFile: number;
  /** Share of lines that are poison (not JSON, not an object, or a wrong type), 0..1. */
  poisonRate: number;
  seed: number;
  /** Dates the files spread over (date prefixes), from 2026-01-01. Default 2. */
  dates?: number;
  /** Share of files gzipped / with CRLF endings / starting with a UTF-8 BOM. */
  gzipRate?: number;
  crlfRate?: number;
  bomRate?: number;
  /** Share of lines left blank (skipped and counted, not poison). Default poisonRate / 2. */
  blankRate?: number;
}

export interface GeneratedFile {
  key: string;
  body: Uint8Array;
  /** What converting this file must give: lines read, rows written, blank lines, quarantined lines by reason. */
  expected: { lines: number; rows: number; blank: number; quarantined: Partial<Record<QuarantineReason, number>> };
}

/** The columns the generated events have: what a declared schema for them says (the generator's type poison targets user_id). */
export const GENERATED_EVENT_COLUMNS: readonly SchemaColumn[] = [
  { name: 'event_id', type: 'VARCHAR' },
  { name: 'ts', type: 'VARCHAR' },
  { name: 'user_id', type: 'BIGINT' },
  { name: 'type', type: 'VARCHAR' },
  { name: 'amount_cents', type: 'BIGINT' },
  { name: 'score', type: 'DOUBLE' },
  { name: 'ok', type: 'BOOLEAN' },
  { name: 'device', type: 'JSON' },
  { name: 'tags', type: 'JSON' },
  { name: 'coupon', type: 'VARCHAR' },
];

/** mulberry32: small, seedable, good enough for test data (the same seed always gives the same files). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ['page_view', 'click', 'purchase', 'signup', 'logout'];
const OSES = ['ios', 'android', 'web', 'windows'];
const TAGS = ['new', 'promo', 'beta', 'returning', 'mobile', 'vip'];

function event(rnd: () => number, date: string, n: number, withExperiment: boolean): Record<string, unknown> {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const e: Record<string, unknown> = {
    event_id: `e-${date}-${n.toString(36)}-${Math.floor(rnd() * 1e9).toString(36)}`,
    ts: `${date}T${String(Math.floor(rnd() * 24)).padStart(2, '0')}:${String(Math.floor(rnd() * 60)).padStart(2, '0')}:${String(Math.floor(rnd() * 60)).padStart(2, '0')}.${String(Math.floor(rnd() * 1000)).padStart(3, '0')}Z`,
    user_id: 1 + Math.floor(rnd() * 5_000_000),
    type: pick(TYPES),
    amount_cents: Math.floor(rnd() * 100_000),
    score: Math.round(rnd() * 1e6) / 1e6 + 1e-7, // never an integer, so the column is DOUBLE from its first value
    ok: rnd() < 0.97,
    device: { os: pick(OSES), version: `${1 + Math.floor(rnd() * 17)}.${Math.floor(rnd() * 10)}` },
    tags: TAGS.filter(() => rnd() < 0.2),
  };
  if (rnd() < 0.1) e.coupon = rnd() < 0.5 ? null : `C${Math.floor(rnd() * 1e5)}`;
  if (withExperiment) e.experiment = pick(['a', 'b', 'control']);
  return e;
}

type Poison = { text: string; reason: QuarantineReason };

function poisonLine(rnd: () => number, date: string, n: number): Poison {
  const good = JSON.stringify(event(rnd, date, n, false));
  const kind = Math.floor(rnd() * 5);
  if (kind === 0) return { text: good.slice(0, Math.max(1, Math.floor(good.length / 2))), reason: 'not_json' }; // truncated write
  if (kind === 1) return { text: `${good.slice(0, -1)},}`, reason: 'not_json' }; // trailing comma
  if (kind === 2) return { text: `[${good}]`, reason: 'not_object' };
  if (kind === 3) return { text: String(Math.floor(rnd() * 1000)), reason: 'not_object' };
  return { text: good.replace(/"user_id":\d+/, `"user_id":"u-${n}"`), reason: 'type_mismatch' };
}

/**
 * Realistic NDJSON event files with poison lines, blank lines, BOMs, CRLF and gzip, each with the exact outcome
 * converting it must have. Lazy (a generator): a large set is written file by file, never held at once. The
 * first lines of every file are clean, so inference types each column from a good value; the field `experiment`
 * appears from the second half of the files on (a schema change).
 */
export function* generateNdjsonFiles(options: GenerateOptions): Generator<GeneratedFile> {
  const rnd = random(options.seed);
  const dates = options.dates ?? 2;
  const blankRate = options.blankRate ?? options.poisonRate / 2;
  for (let f = 0; f < options.files; f++) {
    const date = new Date(Date.UTC(2026, 0, 1 + (f % dates))).toISOString().slice(0, 10);
    const gzip = rnd() < (options.gzipRate ?? 0.25);
    const eol = rnd() < (options.crlfRate ?? 0.1) ? '\r\n' : '\n';
    const bom = rnd() < (options.bomRate ?? 0.1);
    const expected: GeneratedFile['expected'] = { lines: options.linesPerFile, rows: 0, blank: 0, quarantined: {} };
    const lines: string[] = [];
    for (let i = 0; i < options.linesPerFile; i++) {
      const r = i < 3 ? 1 : rnd();
      if (r < options.poisonRate) {
        const p = poisonLine(rnd, date, i);
        lines.push(p.text);
        expected.quarantined[p.reason] = (expected.quarantined[p.reason] ?? 0) + 1;
      } else if (r < options.poisonRate + blankRate) {
        lines.push(rnd() < 0.5 ? '' : '  \t');
        expected.blank++;
      } else {
        lines.push(JSON.stringify(event(rnd, date, i, f >= options.files / 2)));
        expected.rows++;
      }
    }
    const text = (bom ? '\uFEFF' : '') + lines.join(eol) + eol;
    const bytes = new TextEncoder().encode(text);
    const name = `events-${String(f).padStart(6, '0')}`;
    yield { key: `${date}/${name}.ndjson${gzip ? '.gz' : ''}`, body: gzip ? gzipSync(bytes) : bytes, expected };
  }
}
