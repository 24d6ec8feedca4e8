import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type BillListItem, type BillResponses, type BillRef, billId, generatedBill, parseBillId } from '@medallion/congress';
import type { Clock } from './clock';

/** What the simulator does with one request before answering it normally. */
export type Fault = 'none' | '429' | '500' | 'timeout';

export interface SimulatorOptions {
  /** Recorded congress.gov responses: bill_<congress>_<type>_<number>[_<resource>].json and member.json. */
  recordedDir?: string;
  /** How many generated bills to serve besides the recorded ones. */
  generated?: number;
  /** bioguide ids the generated bills' sponsors and cosponsors are drawn from. */
  members?: string[];
  committees?: string[];
  /** The first generated bill's updateDate (ISO); bills are updated a minute apart. */
  start?: string;
  /** The API's hourly budget per key (X-RateLimit-Limit); a request over it gets 429. */
  hourlyLimit?: number;
  clock?: Clock;
  /** Decides a fault per request (n counts from 0). */
  faults?: (n: number, path: string) => Fault;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const HOUR_MS = 3_600_000;
const RESOURCES = ['actions', 'cosponsors', 'committees', 'subjects', 'summaries'] as const;

/**
 * congress.gov API v3, simulated: `/v3/bill` (fromDateTime/toDateTime on updateDate, sort, offset,
 * limit ≤ 250), `/v3/bill/{congress}/{type}/{number}[/{resource}]` and `/v3/member`, from recorded
 * real responses plus generated bills, with the API's rate-limit headers and injectable 429, 500 and
 * timeouts. Used by the loopback server (local runs, tests); every request is logged.
 */
export class CongressApiSimulator {
  readonly requests: { at: number; path: string; status: number | 'timeout' }[] = [];
  /** Requests answered 429 because the hourly budget was spent (a fetcher that exceeds the budget shows here). */
  overBudget = 0;
  private readonly bills = new Map<string, { listItem: BillListItem; responses: BillResponses }>();
  private readonly members: unknown[] = [];
  private readonly clock: Clock;
  private served: number[] = [];

  constructor(private readonly options: SimulatorOptions) {
    this.clock = options.clock ?? { now: () => Date.now(), sleep: async () => {} };
    if (options.recordedDir) this.loadRecorded(options.recordedDir);
    for (let i = 0; i < (options.generated ?? 0); i++) {
      const g = generatedBill(i, {
        members: options.members ?? ['A000001'],
        committees: options.committees,
        start: options.start ? new Date(options.start) : undefined,
      });
      this.bills.set(billId(g.ref), g);
    }
  }

  get billCount(): number {
    return this.bills.size;
  }

  /** Change a bill's updateDate (a bill amended while a backfill pages through the list). */
  touch(id: string, updateDate: string): void {
    const bill = this.bills.get(id);
    if (!bill) throw new Error(`no bill ${id}`);
    bill.listItem = { ...bill.listItem, updateDate };
    (bill.responses.detail as { bill: { updateDate: string } }).bill.updateDate = updateDate;
  }

  answer(url: URL): Answer | 'timeout' {
    const n = this.requests.length;
    const fault = this.options.faults?.(n, url.pathname) ?? 'none';
    const at = this.clock.now();
    if (fault === 'timeout') {
      this.requests.push({ at, path: url.pathname, status: 'timeout' });
      return 'timeout';
    }
    const limit = this.options.hourlyLimit ?? 5000;
    this.served = this.served.filter((t) => t > at - HOUR_MS);
    let answer: Answer;
    if (this.served.length >= limit) {
      this.overBudget++;
      answer = { status: 429, headers: { 'retry-after': '60' }, body: { error: { code: 'OVER_RATE_LIMIT', message: 'API rate limit exceeded' } } };
    } else if (fault === '429') {
      answer = { status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 'OVER_RATE_LIMIT' } } };
    } else if (fault === '500') {
      answer = { status: 500, headers: {}, body: { error: 'Internal Server Error' } };
    } else {
      this.served.push(at);
      answer = this.route(url);
    }
    answer.headers['x-ratelimit-limit'] = String(limit);
    answer.headers['x-ratelimit-remaining'] = String(Math.max(0, limit - this.served.length));
    this.requests.push({ at, path: url.pathname, status: answer.status });
    return answer;
  }

  private route(url: URL): Answer {
    const p = url.pathname.replace(/\/$/, '');
    const ok = (body: unknown): Answer => ({ status: 200, headers: {}, body });
    const notFound: Answer = { status: 404, headers: {}, body: { error: `${p} not found` } };
    if (p === '/v3/bill') return ok(this.list(url));
    if (p === '/v3/member') {
      const { offset, limit } = paging(url);
      return ok({ members: this.members.slice(offset, offset + limit), pagination: { count: this.members.length } });
    }
    const m = /^\/v3\/bill\/(\d+)\/([a-z]+)\/(\d+)(?:\/([a-z]+))?$/.exec(p);
    if (!m) return notFound;
    const bill = this.bills.get(`${m[1]}-${m[2]}-${m[3]}`);
    if (!bill) return notFound;
    if (!m[4]) return ok(bill.responses.detail);
    if (!(RESOURCES as readonly string[]).includes(m[4])) return notFound;
    return ok(bill.responses[m[4] as (typeof RESOURCES)[number]]);
  }

  private list(url: URL): unknown {
    const from = url.searchParams.get('fromDateTime') ?? '0000';
    const to = url.searchParams.get('toDateTime') ?? '9999';
    const desc = (url.searchParams.get('sort') ?? 'updateDate+desc').replace(' ', '+') !== 'updateDate+asc';
    const { offset, limit } = paging(url);
    const matching = [...this.bills.values()]
      .map((b) => b.listItem)
      .filter((b) => b.updateDate >= from && b.updateDate <= to)
      .sort((a, b) => a.updateDate.localeCompare(b.updateDate) || billKey(a).localeCompare(billKey(b)));
    if (desc) matching.reverse();
    const page = matching.slice(offset, offset + limit);
    const next = offset + limit < matching.length ? `/v3/bill?offset=${offset + limit}&limit=${limit}` : undefined;
    return { bills: page, pagination: { count: matching.length, ...(next ? { next } : {}) } };
  }

  private loadRecorded(dir: string): void {
    for (const file of readdirSync(dir)) {
      const m = /^bill_(\d+)_([a-z]+)_(\d+)\.json$/.exec(file);
      if (!m) continue;
      const ref: BillRef = parseBillId(`${m[1]}-${m[2]}-${m[3]}`);
      const read = (suffix: string, empty: unknown) => {
        const f = join(dir, `bill_${m[1]}_${m[2]}_${m[3]}${suffix}.json`);
        return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : empty;
      };
      const detail = read('', null) as { bill: { title: string; updateDate: string } };
      this.bills.set(billId(ref), {
        listItem: {
          congress: ref.congress,
          type: ref.billType.toUpperCase(),
          number: String(ref.billNumber),
          updateDate: detail.bill.updateDate,
          title: detail.bill.title,
        },
        responses: {
          detail,
          actions: read('_actions', { actions: [] }),
          cosponsors: read('_cosponsors', { cosponsors: [] }),
          committees: read('_committees', { committees: [] }),
          subjects: read('_subjects', { subjects: { legislativeSubjects: [] } }),
          summaries: read('_summaries', { summaries: [] }),
        },
      });
    }
    const members = join(dir, 'member.json');
    if (existsSync(members)) this.members.push(...(JSON.parse(readFileSync(members, 'utf8')) as { members: unknown[] }).members);
  }
}

/** Options for a local run's simulator: `<dir>/recorded` and, when present, `<dir>/simulator.json` ({ generated, members, committees }). */
export function simulatorOptionsFrom(dir: string): SimulatorOptions {
  const file = join(dir, 'simulator.json');
  const extra = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Pick<SimulatorOptions, 'generated' | 'members' | 'committees' | 'start'>) : {};
  return { recordedDir: join(dir, 'recorded'), hourlyLimit: 1_000_000, ...extra };
}

const billKey = (b: BillListItem) => `${b.congress}-${b.type}-${b.number.padStart(6, '0')}`;

function paging(url: URL): { offset: number; limit: number } {
  const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0) || 0);
  const limit = Math.min(250, Math.max(1, Number(url.searchParams.get('limit') ?? 20) || 20));
  return { offset, limit };
}

export interface LoopbackApi {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Serve a simulator on 127.0.0.1 (an ephemeral port). A 'timeout' fault never answers until the client gives up. */
export async function startLoopbackApi(sim: { answer(url: URL): Answer | 'timeout' }, options: { unref?: boolean } = {}): Promise<LoopbackApi> {
  const server = createServer((req, res) => {
    const answer = sim.answer(new URL(req.url ?? '/', 'http://127.0.0.1'));
    if (answer === 'timeout') {
      req.socket.setTimeout(30_000, () => req.socket.destroy());
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  if (options.unref) server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
