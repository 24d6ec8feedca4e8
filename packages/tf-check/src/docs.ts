/**
 * Inputs and outputs of a module as Markdown tables, between the markers terraform-docs uses,
 * so a module README stays in step with variables.tf and outputs.tf (`tf-check docs --write`).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Json, ModuleConfig } from './config';

export const DOCS_BEGIN = '<!-- BEGIN_TF_DOCS -->';
export const DOCS_END = '<!-- END_TF_DOCS -->';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n\s*/g, ' ');
const typeText = (t: Json | undefined) => (typeof t === 'string' ? t.replace(/^\$\{([\s\S]*)\}$/, '$1') : 'any').replace(/\s+/g, ' ');

function defaultText(body: { [k: string]: Json }): string {
  if (!('default' in body)) return 'required';
  const d = body.default;
  if (typeof d === 'string' && d.startsWith('${')) return `\`${d.slice(2, -1)}\``;
  return `\`${JSON.stringify(d)}\``;
}

export function renderModuleDocs(mod: ModuleConfig): string {
  const lines = [DOCS_BEGIN, '## Inputs', '', '| Name | Description | Type | Default |', '| --- | --- | --- | --- |'];
  for (const [name, v] of [...mod.variables].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`| \`${name}\` | ${cell(String(v.body.description ?? ''))} | \`${cell(typeText(v.body.type))}\` | ${cell(defaultText(v.body))} |`);
  }
  lines.push('', '## Outputs', '', '| Name | Description |', '| --- | --- |');
  for (const [name, o] of [...mod.outputs].sort(([a], [b]) => a.localeCompare(b))) lines.push(`| \`${name}\` | ${cell(String(o.body.description ?? ''))} |`);
  lines.push(DOCS_END);
  return lines.join('\n');
}

/** The README text with its generated section replaced (or appended). */
export function updateReadme(readme: string, docs: string): string {
  const start = readme.indexOf(DOCS_BEGIN);
  const end = readme.indexOf(DOCS_END);
  if (start >= 0 && end > start) return readme.slice(0, start) + docs + readme.slice(end + DOCS_END.length);
  return `${readme.replace(/\s*$/, '')}\n\n${docs}\n`;
}

export function readmeIsCurrent(mod: ModuleConfig): boolean {
  const path = join(mod.dir, 'README.md');
  if (!existsSync(path)) return false;
  const readme = readFileSync(path, 'utf8');
  return updateReadme(readme, renderModuleDocs(mod)) === readme;
}

export function writeReadme(mod: ModuleConfig, intro: string): void {
  const path = join(mod.dir, 'README.md');
  const readme = existsSync(path) ? readFileSync(path, 'utf8') : intro;
  writeFileSync(path, updateReadme(readme, renderModuleDocs(mod)));
}
