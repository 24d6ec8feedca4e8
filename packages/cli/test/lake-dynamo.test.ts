/** The lake's shared DynamoDB: host, attach, the host waits for attached runs, stale host files. */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { openLakeDynamo } from '../src/lake-dynamo';

const lake = () => mkdtempSync(join(tmpdir(), 'medallion-lake-dynamo-'));
const marks = (dir: string) => readdirSync(join(dir, '.dynamodb')).filter((f) => f === 'host.json' || f.startsWith('attached-'));

describe('openLakeDynamo', () => {
  it("lets a second opener attach to the first one's server, which stays up until the attached run stops", async () => {
    const dir = lake();
    const host = await openLakeDynamo(dir);
    const guest = await openLakeDynamo(dir);
    expect(guest.endpoint).toBe(host.endpoint);
    expect(guest.tables).toEqual(host.tables);
    let hostStopped = false;
    const stopping = host.stop().then(() => {
      hostStopped = true;
    });
    // The host no longer advertises itself, but keeps serving the attached run.
    await new Promise((r) => setTimeout(r, 300));
    expect(hostStopped).toBe(false);
    expect((await guest.client.send(new ListTablesCommand({}))).TableNames).toContain(guest.tables.watermarks);
    await guest.stop();
    await stopping;
    expect(marks(dir)).toEqual([]);
  });

  it('takes over from a host that was killed (its host.json names a dead process)', async () => {
    const dir = lake();
    mkdirSync(join(dir, '.dynamodb'), { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(join(dir, '.dynamodb/host.json'), JSON.stringify({ pid: Number(dead), endpoint: 'http://127.0.0.1:9' }));
    const dynamo = await openLakeDynamo(dir);
    expect(dynamo.endpoint).not.toBe('http://127.0.0.1:9');
    await dynamo.stop();
    expect(existsSync(join(dir, '.dynamodb/host.json'))).toBe(false);
  });
});
