/**
 * A run killed mid-write must not leave temp files in the lake's key space, and the next run
 * removes what it left. The crash is real: a child process starts a write through the store
 * and is killed with SIGKILL while the temp file is open.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { localStore } from '../src';

const LAKE_SRC = resolve('packages/lake/src/index.ts');

/** Start a write that never finishes in another process, wait for its temp file, kill -9 it. */
async function crashMidWrite(root: string, key: string): Promise<number> {
  const script = `
    import { PassThrough } from 'node:stream';
    import { localStore } from ${JSON.stringify(LAKE_SRC)};
    const body = new PassThrough();
    body.write('half a PDF');
    localStore(process.argv[1]).putStream(${JSON.stringify(key)}, body);
    setInterval(() => {}, 1000);`;
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, root], { env, stdio: 'ignore' });
  const exited = new Promise((r) => child.once('exit', r));
  while (!(await readdir(join(root, '.tmp')).catch(() => [])).length) await sleep(50);
  child.kill('SIGKILL');
  await exited;
  return child.pid!;
}

/** The pid of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid;

describe('local lake temp files', () => {
  it('a write killed halfway leaves nothing in the key space, and the next open removes its temp', async () => {
    const root = await mkdtemp(join(tmpdir(), 'lake-crash-'));
    const pid = await crashMidWrite(root, 'bronze/house_fd/ptr/2025/20001.pdf');
    const temps = await readdir(join(root, '.tmp'));
    expect(temps).toHaveLength(1);
    expect(temps[0]).toMatch(new RegExp(`^${pid}-`));
    expect(existsSync(join(root, 'bronze'))).toBe(true); // the target's folder exists, but holds no temp
    expect(await readdir(join(root, 'bronze/house_fd/ptr/2025'))).toEqual([]);

    const rerun = localStore(root);
    expect(await rerun.list('')).toEqual([]);
    expect(await readdir(join(root, '.tmp'))).toEqual([]);
    await rerun.put('bronze/house_fd/ptr/2025/20001.pdf', 'whole PDF');
    expect((await rerun.list('')).map((o) => o.key)).toEqual(['bronze/house_fd/ptr/2025/20001.pdf']);
    expect(await readdir(join(root, '.tmp'))).toEqual([]);
  }, 60_000);

  it("removes .tmp-* files older versions left beside their targets, never lists them, keeps live writers' temps", async () => {
    const root = await mkdtemp(join(tmpdir(), 'lake-legacy-'));
    const dead = deadPid();
    await mkdir(join(root, 'bronze/house_fd'), { recursive: true });
    await mkdir(join(root, '.tmp'), { recursive: true });
    await writeFile(join(root, `bronze/house_fd/.tmp-${dead}-abc`), 'partial');
    await mkdir(join(root, 'quality/results'), { recursive: true });
    await writeFile(join(root, `quality/results/silver_batch=000001.json.${dead}-0a1b2c3d.tmp`), 'partial'); // a writer beside its target
    await writeFile(join(root, `.tmp/${dead}-def`), 'partial');
    await writeFile(join(root, `.tmp/${process.pid}-live`), 'being written by this process');
    await writeFile(join(root, 'bronze/house_fd/a.pdf'), 'pdf');
    const store = localStore(root);
    expect((await store.list('bronze/')).map((o) => o.key)).toEqual(['bronze/house_fd/a.pdf']);
    expect(await readdir(join(root, 'bronze/house_fd'))).toEqual(['a.pdf']);
    expect(await store.list('quality/')).toEqual([]);
    expect(await readdir(join(root, 'quality/results'))).toEqual([]);
    expect(await readdir(join(root, '.tmp'))).toEqual([`${process.pid}-live`]);
    expect(() => store.head('.tmp/x')).toThrow(/invalid object key/);
  });

  it('streams a local object and returns null for a missing one', async () => {
    const store = localStore(await mkdtemp(join(tmpdir(), 'lake-stream-')));
    await store.put('silver/x/a.txt', 'hello');
    const chunks: Buffer[] = [];
    for await (const c of (await store.getStream('silver/x/a.txt'))!) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('hello');
    expect(await store.getStream('silver/x/missing.txt')).toBeNull();
  });
});
