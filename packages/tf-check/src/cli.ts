/**
 * npx tsx packages/tf-check/src/cli.ts [infra-dir] [--repo <root>] [--no-fmt] [--json] [--rules]
 * Prints every finding as file:line: [rule] message and exits 1 when there is any.
 */
import { resolve } from 'node:path';
import { loadModule } from './config';
import { readmeIsCurrent, renderModuleDocs, writeReadme } from './docs';
import { checkInfra, formatFinding, RULES, UNSCOPED_ACTIONS } from './index';

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  const flag = (name: string) => { const i = args.indexOf(name); if (i < 0) return false; args.splice(i, 1); return true; };
  const option = (name: string) => { const i = args.indexOf(name); if (i < 0) return undefined; const v = args[i + 1]; args.splice(i, 2); return v; };
  if (flag('--help') || flag('-h')) {
    console.log('usage: tf-check [infra-dir] [--repo <root>] [--no-fmt] [--json] [--rules]\n       tf-check docs <module-dir>... [--write]   inputs/outputs tables for module READMEs');
    return 0;
  }
  if (args[0] === 'docs') {
    const write = flag('--write');
    let stale = 0;
    for (const dir of args.slice(1)) {
      const mod = await loadModule(resolve(dir));
      if (write) writeReadme(mod, `# ${dir}\n`);
      else if (args.length === 2) console.log(renderModuleDocs(mod));
      else if (!readmeIsCurrent(mod)) { stale++; console.error(`${dir}/README.md is not current`); }
    }
    return stale ? 1 : 0;
  }
  if (flag('--rules')) {
    for (const [rule, what] of Object.entries(RULES)) console.log(`${rule.padEnd(22)} ${what}`);
    console.log('\nactions allowed on Resource "*":');
    for (const [action, why] of Object.entries(UNSCOPED_ACTIONS)) console.log(`  ${action.padEnd(30)} ${why}`);
    return 0;
  }
  const json = flag('--json');
  const fmt = !flag('--no-fmt');
  const repo = option('--repo');
  const infra = resolve(args[0] ?? 'infra');
  const result = await checkInfra(infra, { repoRoot: repo ? resolve(repo) : undefined, fmt });
  if (json) {
    console.log(JSON.stringify({ findings: result.findings, modules: result.modules, roots: result.roots }, null, 2));
  } else {
    for (const f of result.findings) console.log(formatFinding(f));
    const summary = `tf-check: ${result.modules.length} modules, ${result.roots.length} environments (${result.roots.join(', ')}), ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}`;
    (result.findings.length ? console.error : console.log)(summary);
  }
  return result.findings.length ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err: unknown) => {
  console.error(`tf-check: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  process.exitCode = 2;
});
