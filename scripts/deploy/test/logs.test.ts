import { afterEach, describe, expect, it } from '@jest/globals';
import { CloudWatchLogsClient, FilterLogEventsCommand, ResourceNotFoundException } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { UsageError, type RunCommand } from '../common';
import { formatEvent, logGroupsOf, parseLogsArgs, selectLogGroups, tailLogs } from '../logs';

const logsMock = mockClient(CloudWatchLogsClient);
afterEach(() => {
  logsMock.reset();
});
const noEnv = {} as NodeJS.ProcessEnv;
const missingTerraform: RunCommand = () => ({ status: null, stdout: '', stderr: '', error: new Error('ENOENT') });

describe('logs arguments', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  it('defaults: the last 10 minutes of every log group, once', () => {
    expect(parseLogsArgs(['--env', 'staging'], noEnv, now)).toEqual({
      env: 'staging',
      project: 'medallion',
      fn: undefined,
      since: now - 600_000,
      filter: undefined,
      follow: false,
      raw: false,
      pollSeconds: 2,
    });
  });
  it('FN and ENV from the environment, as make passes them', () => {
    expect(parseLogsArgs(['--follow'], { ENV: 'dev', FN: 'house-fd-ingest-zip' } as NodeJS.ProcessEnv, now)).toMatchObject({
      env: 'dev',
      fn: 'house-fd-ingest-zip',
      follow: true,
    });
  });
  it.each([
    [['--env', 'test'], /ENV must be one of dev, staging, prod/],
    [['--env', 'dev', '--since', 'last week'], /use 30s, 10m, 2h, 1d/],
    [['--env', 'dev', '--fn', '../../etc'], /--fn: a function folder/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseLogsArgs(argv as string[], noEnv, now)).toThrow(UsageError);
    expect(() => parseLogsArgs(argv as string[], noEnv, now)).toThrow(message);
  });
});

describe('log groups', () => {
  it('from terraform output when there is one', () => {
    const run: RunCommand = () => ({
      status: 0,
      stderr: '',
      stdout: JSON.stringify({ log_group_names: { value: { 'house-fd-ingest-zip': '/aws/lambda/x-dev-house-fd-ingest-zip' } } }),
    });
    expect(logGroupsOf({ env: 'dev', project: 'x' }, { run })).toEqual({
      groups: { 'house-fd-ingest-zip': '/aws/lambda/x-dev-house-fd-ingest-zip' },
      source: 'terraform output of dev (infra/envs)',
    });
  });

  it("else by the modules' naming convention, for every function folder and pipeline", () => {
    const { groups, source } = logGroupsOf({ env: 'prod', project: 'medallion' }, { run: missingTerraform });
    expect(source).toBe('naming convention');
    expect(groups['house-fd-ingest-zip']).toBe('/aws/lambda/medallion-prod-house-fd-ingest-zip');
    expect(groups['run-quality-checks']).toBe('/aws/lambda/medallion-prod-run-quality-checks');
    expect(groups.house_fd_pipeline).toBe('/aws/vendedlogs/states/medallion-prod-house-fd-pipeline');
  });

  it('FN picks one, accepting - or _ spellings, and lists the choices otherwise', () => {
    const groups = { 'house-fd-ingest-zip': '/a', house_fd_pipeline: '/b' };
    expect(selectLogGroups(groups, 'house-fd-pipeline')).toEqual({ house_fd_pipeline: '/b' });
    expect(selectLogGroups(groups, 'house_fd_ingest_zip')).toEqual({ 'house-fd-ingest-zip': '/a' });
    expect(selectLogGroups(groups)).toBe(groups);
    expect(() => selectLogGroups(groups, 'nope')).toThrow(
      '--fn nope: not a function folder or pipeline of this environment (choose from house-fd-ingest-zip, house_fd_pipeline)',
    );
  });
});

describe('printing', () => {
  it('Powertools JSON as time, source, level, message and the interesting keys', () => {
    const line = formatEvent('house-fd-ingest-zip', {
      timestamp: Date.parse('2026-01-01T12:00:00.123Z'),
      message: JSON.stringify({
        level: 'INFO',
        message: 'ingested',
        timestamp: 'x',
        service: 'house-fd-ingest-zip',
        cold_start: true,
        function_request_id: '0123456789abcdef',
        years: [2025],
      }),
    });
    expect(line).toBe('2026-01-01 12:00:00.123 house-fd-ingest-zip INFO  ingested (01234567) {"years":[2025]}');
  });
  it('anything else as it is (and JSON too with raw)', () => {
    expect(formatEvent('x', { timestamp: 0, message: 'START RequestId: abc\n' })).toBe('1970-01-01 00:00:00.000 x START RequestId: abc');
    expect(formatEvent('x', { timestamp: 0, message: '{"level":"INFO","message":"m"}' }, true)).toBe(
      '1970-01-01 00:00:00.000 x {"level":"INFO","message":"m"}',
    );
  });
});

describe('tailing', () => {
  it('merges groups in time order, pages through, and follows from the last timestamp without repeating events', async () => {
    // A fake CloudWatch Logs: events per group, filtered by startTime, one event per page.
    const store: Record<string, { eventId: string; timestamp: number; message: string }[]> = {
      '/a': [
        { eventId: 'a1', timestamp: 1003, message: 'a1' },
        { eventId: 'a2', timestamp: 1005, message: 'a2' },
      ],
      '/b': [{ eventId: 'b1', timestamp: 1004, message: 'b1' }],
    };
    let polls = 0;
    logsMock.on(FilterLogEventsCommand).callsFake((input: { logGroupName: string; startTime: number; nextToken?: string }) => {
      const events = store[input.logGroupName].filter((e) => e.timestamp >= input.startTime);
      const i = input.nextToken ? Number(input.nextToken) : 0;
      return { events: events.slice(i, i + 1), nextToken: i + 1 < events.length ? String(i + 1) : undefined };
    });
    const printed: string[] = [];
    const n = await tailLogs(
      new CloudWatchLogsClient({ region: 'us-east-1' }),
      { a: '/a', b: '/b' },
      {
        since: 1000,
        follow: true,
        pollMs: 1,
        print: (l) => printed.push(l.split(' ').slice(2).join(' ')),
        sleep: async () => {
          if (++polls === 1) store['/a'].push({ eventId: 'a3', timestamp: 1010, message: 'a3' });
        },
        maxPolls: 2,
      },
    );
    expect(printed).toEqual(['a a1', 'b b1', 'a a2', 'a a3']);
    expect(n).toBe(4);
    // The second poll starts at the last timestamp seen per group (a2 comes back and is skipped).
    expect(
      logsMock
        .commandCalls(FilterLogEventsCommand)
        .map((c) => `${c.args[0].input.logGroupName}@${c.args[0].input.startTime}${c.args[0].input.nextToken ? `#${c.args[0].input.nextToken}` : ''}`),
    ).toEqual(['/a@1000', '/a@1000#1', '/b@1000', '/a@1005', '/a@1005#1', '/b@1004']);
  });

  it('reports a log group that does not exist and carries on with the others', async () => {
    logsMock
      .on(FilterLogEventsCommand, { logGroupName: '/missing' })
      .rejects(new ResourceNotFoundException({ message: 'The specified log group does not exist.', $metadata: {} }));
    logsMock.on(FilterLogEventsCommand, { logGroupName: '/a' }).resolves({ events: [{ eventId: 'x', timestamp: 5, message: 'hello', logStreamName: 's' }] });
    const missing: string[] = [];
    const printed: string[] = [];
    await tailLogs(
      new CloudWatchLogsClient({ region: 'us-east-1' }),
      { m: '/missing', a: '/a' },
      { since: 0, follow: false, pollMs: 1, print: (l) => printed.push(l), onMissing: (g) => missing.push(g) },
    );
    expect(missing).toEqual(['/missing']);
    expect(printed).toHaveLength(1);
  });

  it('passes the filter pattern to CloudWatch', async () => {
    logsMock.on(FilterLogEventsCommand).resolves({ events: [] });
    await tailLogs(
      new CloudWatchLogsClient({ region: 'us-east-1' }),
      { a: '/a' },
      { since: 0, filter: '{ $.level = "ERROR" }', follow: false, pollMs: 1, print: () => undefined },
    );
    expect(logsMock.commandCalls(FilterLogEventsCommand)[0].args[0].input.filterPattern).toBe('{ $.level = "ERROR" }');
  });
});
