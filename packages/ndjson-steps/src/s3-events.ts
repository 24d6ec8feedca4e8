import { z } from 'zod';
import type { InputFile } from './ports';

/** `<YYYY-MM-DD>/<name>.ndjson[.gz]`: the only keys the pipeline converts (anything else is skipped with a reason). */
const INPUT_KEY = /^(\d{4}-\d{2}-\d{2})\/([A-Za-z0-9][A-Za-z0-9._=-]{0,200})\.ndjson(\.gz)?$/;

export function parseInputKey(key: string): { date_prefix: string } | { error: string } {
  const m = INPUT_KEY.exec(key);
  if (!m) return { error: `key ${JSON.stringify(key.slice(0, 300))} is not <YYYY-MM-DD>/<name>.ndjson[.gz]` };
  const date = m[1];
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) return { error: `key ${JSON.stringify(key)}: ${date} is not a calendar date` };
  return { date_prefix: date };
}

const s3Record = z.object({
  eventName: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({ key: z.string(), size: z.number().int().nonnegative().default(0), eTag: z.string().default('') }),
  }),
});
const s3Notification = z.object({ Records: z.array(s3Record) });

export interface ParsedEvent {
  files: InputFile[];
  /** Keys that are not input files, with why (logged and counted, never retried). */
  skipped: { key: string; reason: string }[];
}

/** The objects an S3 event notification (one SQS message body) announces; throws on a body that is not one. */
export function filesFromS3Notification(body: string): ParsedEvent {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error('message body is not JSON (expected an S3 event notification)');
  }
  // S3 sends one test event when notifications are configured: nothing to register.
  if ((json as { Event?: unknown } | null)?.Event === 's3:TestEvent') return { files: [], skipped: [] };
  const parsed = s3Notification.safeParse(json);
  if (!parsed.success) throw new Error(`message body is not an S3 event notification: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const out: ParsedEvent = { files: [], skipped: [] };
  for (const r of parsed.data.Records) {
    // S3 URL-encodes keys in notifications, with '+' for a space.
    const key = decodeURIComponent(r.s3.object.key.replace(/\+/g, ' '));
    if (!r.eventName.startsWith('ObjectCreated:')) {
      out.skipped.push({ key, reason: `event ${r.eventName} is not an object creation` });
      continue;
    }
    const k = parseInputKey(key);
    if ('error' in k) out.skipped.push({ key, reason: k.error });
    else out.files.push({ date_prefix: k.date_prefix, file_key: key, size: r.s3.object.size, etag: r.s3.object.eTag });
  }
  return out;
}
