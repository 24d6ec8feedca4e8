/** The run summary from a fake report: the registered pipeline's rows plus the CLI's shared parts. */
import { describe, expect, it } from '@jest/globals';
import { renderSummary } from '@medallion/cli';
import { loadPipelines } from '../src/pipelines';
import type { LocalRunReport } from '../src/run-local';
import { describeFailure } from '../src/failure';

async function fakeReport(over: Partial<LocalRunReport> & Pick<LocalRunReport, 'tasks' | 'path'>): Promise<LocalRunReport> {
  const pipeline = (await loadPipelines()).get('house_fd_pipeline')!;
  const stateTypes = Object.fromEntries(over.path.map((s) => [s, s === 'PipelineFailed' ? 'Fail' : 'Task']));
  const view = { pipeline: 'house_fd_pipeline', status: over.status ?? 'SUCCEEDED', path: over.path, stateTypes, tasks: over.tasks } as const;
  return {
    ...view,
    durations: {},
    caught: [],
    summary: pipeline.summarize(view),
    outbox: [],
    outboxFile: '/lake/outbox.jsonl',
    watermarkBefore: null,
    watermarkAfter: null,
    lakeDir: '/lake',
    ms: 1234,
    ...over,
  };
}

const task = (state: string, output: unknown) => [{ state, output, ms: 1 }];

describe('lake run summary', () => {
  it('shows matched and unmatched PTR filers and suspect dates by reason when the handlers report them', async () => {
    const report = await fakeReport({
      path: ['IndexToSilver', 'CompactSilver'],
      tasks: {
        IndexToSilver: task('IndexToSilver', {
          rowsIn: 10,
          rowsOut: 10,
          documentIds: ['1', '2'],
          duplicateDocIds: 0,
          alreadySeen: 0,
          matchedPtrs: 7,
          unmatchedPtrs: 2,
          byFilingType: { P: 9 },
        }),
        CompactSilver: task('CompactSilver', { documents: 2, rows: 40, suspectDates: { after_notification: 2, future: 1 } }),
      },
    });
    const text = renderSummary(report);
    expect(text).toContain('7 PTR filers matched, 2 unmatched');
    expect(text).toContain('3 suspect dates (after notification 2, future 1), kept in silver, left out of trending');
  });

  it('keeps the old wording when the counts are absent', async () => {
    const text = renderSummary(
      await fakeReport({
        path: ['IndexToSilver', 'CompactSilver'],
        tasks: {
          IndexToSilver: task('IndexToSilver', {
            rowsIn: 1,
            rowsOut: 1,
            documentIds: [],
            duplicateDocIds: 0,
            alreadySeen: 0,
            unmatchedPtrs: 3,
            byFilingType: {},
          }),
          CompactSilver: task('CompactSilver', { documents: 0, rows: 0 }),
        },
      }),
    );
    expect(text).toContain('3 PTR filers unmatched to a member');
    expect(text).not.toContain('suspect date');
  });

  it('says "0 suspect dates" when CompactSilver counted none', async () => {
    const text = renderSummary(
      await fakeReport({
        path: ['CompactSilver'],
        tasks: { CompactSilver: task('CompactSilver', { documents: 2, rows: 16, suspectDates: {} }) },
      }),
    );
    expect(text).toContain('one silver_transactions file for the batch; 0 suspect dates');
  });

  it('prints a failure as "at State: Name: message", once per state with its attempts, without the Fail state', async () => {
    const failed = { Error: 'SourceUnavailable', Cause: 'fetch failed' };
    const text = renderSummary(
      await fakeReport({
        status: 'FAILED',
        error: 'PipelineFailed',
        cause: 'A step failed after its retries',
        path: ['IndexToSilver', 'NotifyFailure', 'PipelineFailed'],
        tasks: {},
        caught: [
          { state: 'IndexToSilver', error: describeFailure(failed), detail: failed },
          { state: 'IndexToSilver', error: describeFailure(failed), detail: failed },
          { state: 'PipelineFailed', error: 'PipelineFailed: A step failed after its retries', detail: {} },
        ],
      }),
    );
    expect(text).toContain('FAILED: PipelineFailed A step failed after its retries\n  at IndexToSilver: SourceUnavailable: fetch failed (2 attempts)\nLake:');
  });
});

describe('describeFailure', () => {
  it('reads the Lambda error JSON inside a Cause and prefers its type over the generic "Error"', () => {
    expect(describeFailure({ Error: 'Error', Cause: JSON.stringify({ errorType: 'ZipError', errorMessage: 'invalid zip data', trace: [] }) })).toBe(
      'ZipError: invalid zip data',
    );
    expect(describeFailure({ Error: 'SourceUnavailable', Cause: JSON.stringify({ errorType: 'SourceUnavailable', errorMessage: 'fetch failed' }) })).toBe(
      'SourceUnavailable: fetch failed',
    );
    expect(describeFailure({ Error: 'States.Timeout', Cause: '' })).toBe('States.Timeout');
    expect(describeFailure(undefined)).toBe('unknown error');
  });
});
