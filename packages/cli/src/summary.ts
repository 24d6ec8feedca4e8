/**
 * The end-of-run summary of `lake run`: the pipeline's own rows (its registration's
 * summarize(): rows in/out and notes per step) with each step's wall time, then what every
 * pipeline shares — quarantined items by reason, failed quality gates, watermark before →
 * after, alerts, and the failure with its error name and message.
 */
import type { LocalRunReport } from './run-local';

const secs = (ms: number | undefined) => (ms === undefined ? '' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

function quarantineLines(quarantine: Record<string, string[]>): string[] {
  const entries = Object.entries(quarantine).filter(([, ids]) => ids.length);
  if (!entries.length) return [];
  const total = entries.reduce((n, [, ids]) => n + ids.length, 0);
  const out = ['', `Quarantined (${total}; nothing dropped — reasons and bytes under quarantine/ and bronze/ in the lake):`];
  for (const [reason, unsorted] of entries.sort((a, b) => b[1].length - a[1].length)) {
    const ids = [...unsorted].sort();
    out.push(`  ${reason.padEnd(24)} ${String(ids.length).padStart(5)}  ${ids.slice(0, 6).join(', ')}${ids.length > 6 ? ', …' : ''}`);
  }
  return out;
}

/** Gate outputs (the shared run-quality-checks function) that stopped the run. */
function failedGates(r: LocalRunReport): string[] {
  const out: string[] = [];
  for (const step of r.path) {
    for (const t of r.tasks[step] ?? []) {
      const q = (t.output ?? {}) as Record<string, unknown>;
      if (q.passed === false && typeof q.layer === 'string')
        out.push('', `QUALITY GATE FAILED (${q.layer}): nothing was promoted past it`, String(q.summary ?? ''));
    }
  }
  return out;
}

/** Each state's error once with its attempt count; the Fail state's own error is the FAILED line already. */
function failureLines(r: LocalRunReport): string[] {
  const seen = new Map<string, number>();
  for (const c of r.caught) {
    if (r.stateTypes[c.state] === 'Fail') continue;
    const line = `  at ${c.state}: ${c.error}`;
    seen.set(line, (seen.get(line) ?? 0) + 1);
  }
  return [...seen].map(([line, n]) => (n > 1 ? `${line} (${n} attempts)` : line));
}

export function renderSummary(r: LocalRunReport): string {
  const out: string[] = [];
  out.push('', `${r.pipeline}: ${r.status} in ${secs(r.ms)} (ended at ${r.path.at(-1) ?? '?'})`, '');
  if (r.resumeNote) out.push(r.resumeNote, '');
  const w = { step: 18, time: 8, rowsIn: 12, rowsOut: 10 };
  out.push(`${'step'.padEnd(w.step)} ${'time'.padStart(w.time)} ${'rows in'.padStart(w.rowsIn)} ${'rows out'.padStart(w.rowsOut)}  notes`);
  for (const x of r.summary.rows) {
    out.push(
      `${x.step.padEnd(w.step)} ${secs(r.durations[x.step]).padStart(w.time)} ${x.rowsIn.padStart(w.rowsIn)} ${x.rowsOut.padStart(w.rowsOut)}  ${x.note}`,
    );
  }
  out.push(...quarantineLines(r.summary.quarantine));
  for (const note of r.summary.notes) out.push('', note);
  out.push(...failedGates(r));
  const before = r.watermarkBefore,
    after = r.watermarkAfter;
  out.push(
    '',
    `Watermark: seq ${before?.seq ?? 0} → ${after?.seq ?? 0}${
      after && Object.keys(after.fingerprints).length
        ? `  (${Object.entries(after.fingerprints)
            .map(([y, e]) => `${y}=${e}`)
            .join(', ')})`
        : ''
    }`,
  );
  out.push(`Alerts: ${r.outbox.length ? `${r.outbox.length} published → ${r.outboxFile}` : 'none'}`);
  for (const m of r.outbox) out.push(`  ${m.subject ?? m.target}`);
  if (r.status === 'FAILED') {
    out.push('', `FAILED: ${r.error ?? ''} ${r.cause ?? ''}`.trim());
    out.push(...failureLines(r));
  }
  out.push(`Lake: ${r.lakeDir}`);
  return out.join('\n');
}
