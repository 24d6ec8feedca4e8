/**
 * One local DynamoDB per lake, shared by every `lake run` on it. dynalite keeps its LevelDB
 * under <lake>/.dynamodb, which only one process can open: the first run serves it and writes
 * its endpoint to <lake>/.dynamodb/host.json; later runs (other processes, or the same one)
 * attach to that endpoint and leave a mark file while they run. The host removes host.json when
 * its own run ends, then keeps serving until every attached run has finished — so two runs at
 * once end as the ASL says (one Done, one Superseded) instead of "Database is closed".
 *
 * Hand-written: no library shares a dynalite server between processes; the protocol is a
 * create-exclusive file (the host claim) and one mark file per attached run.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { localDynamoClient, startLocalDynamo, type LocalDynamo } from '@medallion/local';
import { physicalTableName, tableDefinitions } from '@medallion/tables';

export const TABLE_PREFIX = 'medallion-local';
/** How long a run waits for another process to finish starting the lake's DynamoDB. */
const HOST_START_TIMEOUT_MS = 60_000;
const POLL_MS = 100;

interface HostInfo {
  pid: number;
  endpoint?: string;
}

const hostFile = (dir: string) => join(dir, 'host.json');
const MARK = /^attached-(\d+)-[0-9a-f]+$/;

function readHost(dir: string): HostInfo | null {
  try {
    return JSON.parse(readFileSync(hostFile(dir), 'utf8')) as HostInfo;
  } catch {
    return null; // absent, or being written by its host (written whole by rename, so rarely)
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Claim hosting with a create-exclusive write: exactly one process wins. */
function claimHost(dir: string): boolean {
  try {
    writeFileSync(hostFile(dir), JSON.stringify({ pid: process.pid } satisfies HostInfo), { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

function publishEndpoint(dir: string, endpoint: string): void {
  const tmp = `${hostFile(dir)}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ pid: process.pid, endpoint } satisfies HostInfo));
  renameSync(tmp, hostFile(dir));
}

/** Attached runs still alive (marks of dead processes are removed). */
function liveAttachments(dir: string): number {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const pid = MARK.exec(name)?.[1];
    if (!pid) continue;
    if (alive(Number(pid))) n++;
    else rmSync(join(dir, name), { force: true });
  }
  return n;
}

async function host(dir: string): Promise<LocalDynamo> {
  let served: LocalDynamo;
  try {
    served = await startLocalDynamo({ path: dir, tablePrefix: TABLE_PREFIX });
  } catch (err) {
    rmSync(hostFile(dir), { force: true });
    throw err;
  }
  publishEndpoint(dir, served.endpoint);
  return {
    ...served,
    async stop() {
      rmSync(hostFile(dir), { force: true }); // no new run attaches from here on
      let told = false;
      while (liveAttachments(dir) > 0) {
        if (!told) process.stderr.write("lake: waiting for the other run(s) on this lake, which use this process's DynamoDB\n");
        told = true;
        await sleep(POLL_MS);
      }
      await served.stop();
    },
  };
}

function attached(endpoint: string, mark: string): LocalDynamo {
  const client = localDynamoClient(endpoint);
  const tables = Object.fromEntries(tableDefinitions.map((d) => [d.name, physicalTableName(TABLE_PREFIX, d.name)]));
  return {
    endpoint,
    client,
    tables,
    async stop() {
      client.destroy();
      rmSync(mark, { force: true });
    },
  };
}

/** Serve the lake's DynamoDB, or attach to the process already serving it. */
export async function openLakeDynamo(lakeDir: string): Promise<LocalDynamo> {
  const dir = join(lakeDir, '.dynamodb');
  mkdirSync(dir, { recursive: true });
  const deadline = Date.now() + HOST_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (claimHost(dir)) return host(dir);
    const info = readHost(dir);
    if (info && !alive(info.pid)) {
      rmSync(hostFile(dir), { force: true }); // left by a run that was killed
      continue;
    }
    if (!info?.endpoint) {
      await sleep(POLL_MS); // the host is still starting
      continue;
    }
    const mark = join(dir, `attached-${process.pid}-${randomBytes(4).toString('hex')}`);
    writeFileSync(mark, '');
    // The host may have stopped between the two reads: only a host still listed waits for our mark.
    const again = readHost(dir);
    if (again?.pid === info.pid && again.endpoint === info.endpoint) return attached(info.endpoint, mark);
    rmSync(mark, { force: true });
  }
  throw new Error(`another process started the lake's DynamoDB under ${dir} but it did not come up within ${HOST_START_TIMEOUT_MS / 1000} s`);
}
