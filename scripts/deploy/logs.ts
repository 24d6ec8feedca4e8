/**
 * Print (and follow) the CloudWatch logs of a deployed environment.
 *
 *   tsx scripts/deploy/logs.ts --env dev [--fn FOLDER|PIPELINE] [--since 10m] [--filter PATTERN]
 *        [--follow] [--raw] [--project NAME]
 *
 * Log groups come from `terraform output log_group_names` of infra/envs (with the environment's TF_DATA_DIR) when terraform is
 * installed, else from the names infra/modules/{lambda,step_functions} give them:
 * /aws/lambda/<project>-<env>-<function folder> and /aws/vendedlogs/states/<project>-<env>-<pipeline>.
 * --fn picks one (a function folder such as house-fd-ingest-zip, or a pipeline such as
 * house_fd_pipeline); without it every function and state machine of the environment is shown.
 */
import { parseArgs } from 'node:util';
import { CloudWatchLogsClient, FilterLogEventsCommand, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { z } from 'zod';
import {
  REPO_ROOT,
  UsageError,
  envSchema,
  functionFolders,
  functionLogGroup,
  isMain,
  parseOption,
  parseSince,
  pipelines,
  projectOf,
  projectSchema,
  runCommand,
  runMain,
  stateMachineLogGroup,
  terraformOutputs,
  type Environment,
  type RunCommand,
} from './common';

const USAGE = `usage: logs.ts --env dev|staging|prod [--fn FUNCTION-FOLDER|PIPELINE] [--since 10m] [--filter PATTERN]
               [--follow] [--raw] [--project NAME] [--poll-seconds N]`;

export interface LogsOptions {
  env: Environment;
  project: string;
  fn?: string;
  since: number;
  filter?: string;
  follow: boolean;
  raw: boolean;
  pollSeconds: number;
}

const fnSchema = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a function folder (house-fd-ingest-zip) or a pipeline (house_fd_pipeline)');

export function parseLogsArgs(argv: string[], env: NodeJS.ProcessEnv = process.env, now = Date.now(), repoRoot = REPO_ROOT): LogsOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      env: { type: 'string' },
      fn: { type: 'string' },
      since: { type: 'string', default: '10m' },
      filter: { type: 'string' },
      follow: { type: 'boolean', short: 'f', default: false },
      raw: { type: 'boolean', default: false },
      project: { type: 'string' },
      'poll-seconds': { type: 'string', default: '2' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const environment = parseOption(envSchema, values.env ?? env.ENV, '--env');
  let since: number;
  try {
    since = parseSince(values.since!, now);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return {
    env: environment,
    project: values.project !== undefined ? parseOption(projectSchema, values.project, '--project') : projectOf(environment, repoRoot),
    fn: values.fn || env.FN ? parseOption(fnSchema, values.fn || env.FN, '--fn') : undefined,
    since,
    filter: values.filter || undefined,
    follow: values.follow!,
    raw: values.raw!,
    pollSeconds: parseOption(z.coerce.number().int().min(1).max(60), values['poll-seconds'], '--poll-seconds'),
  };
}

/**
 * Log group per function folder and per pipeline: terraform's log_group_names output when it is
 * available, else the naming convention of the Terraform modules.
 */
export function logGroupsOf(
  opts: { env: Environment; project: string },
  deps: { run?: RunCommand; repoRoot?: string; log?: (l: string) => void } = {},
): { groups: Record<string, string>; source: string } {
  const outputs = terraformOutputs(opts.env, deps.run ?? runCommand, deps.repoRoot ?? REPO_ROOT);
  const fromTf = outputs.ok ? outputs.values.log_group_names : undefined;
  if (fromTf && typeof fromTf === 'object' && Object.values(fromTf).every((v) => typeof v === 'string')) {
    return { groups: { ...(fromTf as Record<string, string>) }, source: `terraform output of ${opts.env} (infra/envs)` };
  }
  if (!outputs.ok) deps.log?.(`${outputs.reason}; using the log group names the Terraform modules give`);
  const repoRoot = deps.repoRoot ?? REPO_ROOT;
  const groups: Record<string, string> = {};
  for (const f of functionFolders(repoRoot)) groups[f] = functionLogGroup(opts.project, opts.env, f);
  for (const p of pipelines(repoRoot)) groups[p] = stateMachineLogGroup(opts.project, opts.env, p);
  return { groups, source: 'naming convention' };
}

/** The log groups to read: one named by --fn, or all. */
export function selectLogGroups(groups: Record<string, string>, fn?: string): Record<string, string> {
  if (!fn) return groups;
  const key = fn in groups ? fn : fn.replace(/_/g, '-') in groups ? fn.replace(/_/g, '-') : fn.replace(/-/g, '_') in groups ? fn.replace(/-/g, '_') : undefined;
  if (!key) throw new UsageError(`--fn ${fn}: not a function folder or pipeline of this environment (choose from ${Object.keys(groups).sort().join(', ')})`);
  return { [key]: groups[key] };
}

/** One printable line: Powertools JSON logs as `time source LEVEL message {rest}`, anything else as is. */
export function formatEvent(source: string, e: FilteredLogEvent, raw = false): string {
  const ts = new Date(e.timestamp ?? 0).toISOString().replace('T', ' ').replace('Z', '');
  const message = (e.message ?? '').replace(/\n$/, '');
  if (!raw && message.startsWith('{')) {
    try {
      const j = JSON.parse(message) as Record<string, unknown>;
      if (typeof j.message === 'string' && typeof j.level === 'string') {
        const {
          level,
          message: text,
          timestamp: _t,
          service: _s,
          sampling_rate: _r,
          xray_trace_id: _x,
          function_arn: _a,
          function_memory_size: _m,
          function_name: _n,
          cold_start: _c,
          function_request_id: requestId,
          ...rest
        } = j;
        const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
        return `${ts} ${source} ${String(level).padEnd(5)} ${text}${requestId ? ` (${String(requestId).slice(0, 8)})` : ''}${extra}`;
      }
    } catch {
      // not JSON after all: print as is
    }
  }
  return `${ts} ${source} ${message}`;
}

/**
 * Read every group from `since`, oldest first per poll; with follow, keep polling from the last
 * timestamp seen (event ids de-duplicate the overlap).
 */
export async function tailLogs(
  client: CloudWatchLogsClient,
  groups: Record<string, string>,
  opts: {
    since: number;
    filter?: string;
    follow: boolean;
    pollMs: number;
    raw?: boolean;
    print: (line: string) => void;
    sleep?: (ms: number) => Promise<void>;
    maxPolls?: number;
    onMissing?: (group: string) => void;
  },
): Promise<number> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const from = new Map(Object.keys(groups).map((k) => [k, opts.since]));
  const seen = new Set<string>();
  const missing = new Set<string>();
  let printed = 0;
  for (let poll = 0; ; poll++) {
    const batch: { source: string; e: FilteredLogEvent }[] = [];
    for (const [source, group] of Object.entries(groups)) {
      if (missing.has(source)) continue;
      let nextToken: string | undefined;
      // A nextToken belongs to one query: keep its startTime until the last page.
      const startTime = from.get(source);
      try {
        do {
          const page = await client.send(new FilterLogEventsCommand({ logGroupName: group, startTime, filterPattern: opts.filter, nextToken }));
          for (const e of page.events ?? []) {
            const id = e.eventId ?? `${group}:${e.timestamp}:${e.message}`;
            if (seen.has(id)) continue;
            seen.add(id);
            batch.push({ source, e });
            if ((e.timestamp ?? 0) > (from.get(source) ?? 0)) from.set(source, e.timestamp!);
          }
          nextToken = page.nextToken;
        } while (nextToken);
      } catch (err) {
        if ((err as Error).name !== 'ResourceNotFoundException') throw err;
        missing.add(source);
        opts.onMissing?.(group);
      }
    }
    batch.sort((a, b) => (a.e.timestamp ?? 0) - (b.e.timestamp ?? 0));
    for (const { source, e } of batch) opts.print(formatEvent(source, e, opts.raw));
    printed += batch.length;
    if (!opts.follow || missing.size === Object.keys(groups).length) return printed;
    if (opts.maxPolls !== undefined && poll + 1 >= opts.maxPolls) return printed;
    await sleep(opts.pollMs);
  }
}

async function main(argv: string[]): Promise<number> {
  const opts = parseLogsArgs(argv);
  if (opts === 'help') {
    console.log(USAGE);
    return 0;
  }
  const { groups, source } = logGroupsOf(opts, { log: (l) => console.error(l) });
  const selected = selectLogGroups(groups, opts.fn);
  console.error(`log groups (${source}): ${Object.values(selected).join(', ')}`);
  const client = new CloudWatchLogsClient({});
  const printed = await tailLogs(client, selected, {
    since: opts.since,
    filter: opts.filter,
    follow: opts.follow,
    pollMs: opts.pollSeconds * 1000,
    raw: opts.raw,
    print: (l) => console.log(l),
    onMissing: (g) => console.error(`${g} does not exist (not deployed, or never written to)`),
  });
  if (!opts.follow && printed === 0) console.error(`no log events since ${new Date(opts.since).toISOString()}`);
  return 0;
}

if (isMain(import.meta.url)) runMain('logs', () => main(process.argv.slice(2)));
