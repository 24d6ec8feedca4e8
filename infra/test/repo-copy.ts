/**
 * A throw-away copy of what the Terraform reads (infra/, the tables definition, function
 * folders, state machines), for tests that break something on purpose.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const REPO = join(dirname(new URL(import.meta.url).pathname), '..', '..');
export const FIXTURES = join(REPO, 'infra', 'test', 'fixtures');

export interface RepoCopy {
  root: string;
  infra: string;
  /** Replace `from` with `to` in a file of the copy; fails when `from` is not there. */
  edit(path: string, from: string | RegExp, to: string): void;
  write(path: string, text: string): void;
  read(path: string): string;
  remove(): void;
}

export function copyRepo(options: { stateMachines?: 'fixture' | 'repo' } = {}): RepoCopy {
  const root = mkdtempSync(join(tmpdir(), 'medallion-infra-'));
  cpSync(join(REPO, 'infra'), join(root, 'infra'), {
    recursive: true,
    filter: (src) => !src.includes('.terraform') && !src.includes(`${join('infra', 'test')}`),
  });
  mkdirSync(join(root, 'packages', 'tables', 'src'), { recursive: true });
  cpSync(join(REPO, 'packages', 'tables', 'src', 'tables.json'), join(root, 'packages', 'tables', 'src', 'tables.json'));
  for (const fn of readdirSync(join(REPO, 'functions'))) {
    const pkg = join(REPO, 'functions', fn, 'package.json');
    if (!existsSync(pkg)) continue;
    mkdirSync(join(root, 'functions', fn), { recursive: true });
    cpSync(pkg, join(root, 'functions', fn, 'package.json'));
  }
  const sm = options.stateMachines === 'repo' ? join(REPO, 'state_machines') : join(FIXTURES, 'state_machines');
  cpSync(sm, join(root, 'state_machines'), { recursive: true });
  const full = (p: string) => join(root, p);
  return {
    root,
    infra: join(root, 'infra'),
    edit(path, from, to) {
      const text = readFileSync(full(path), 'utf8');
      const next = text.replace(from, to);
      if (next === text) throw new Error(`${path}: ${String(from)} not found`);
      writeFileSync(full(path), next);
    },
    write(path, text) {
      mkdirSync(dirname(full(path)), { recursive: true });
      writeFileSync(full(path), text);
    },
    read: (path) => readFileSync(full(path), 'utf8'),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
