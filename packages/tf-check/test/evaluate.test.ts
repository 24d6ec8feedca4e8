import { describe, expect, it } from '@jest/globals';
import { evaluate, type Scope, type ModuleScope } from '../src/eval';
import { parseTemplate, parseExpression } from '../src/parser';
import { collectReferences } from '../src/refs';
import { convert } from '../src/types';
import { UNKNOWN, TfEvalError, isUnknown, type Value } from '../src/values';

const vars: Record<string, Value> = {
  names: ['house-fd-ingest-zip', 'run-quality-checks'],
  tags: { a: '1' },
  arn: UNKNOWN,
  overrides: { 'run-quality-checks': { memory_mb: 2048 } },
};
const module: ModuleScope = {
  rootDir: '/repo/infra/envs',
  dir: '/repo/infra/modules/x',
  variable: (n) => {
    if (!(n in vars)) throw new TfEvalError(`no var ${n}`);
    return vars[n];
  },
  local: () => UNKNOWN,
  module: () => UNKNOWN,
  onTemplatefile: () => undefined,
};
const scope: Scope = { module, vars: new Map() };
const ev = (src: string) => evaluate(parseExpression(src), scope);

describe('expressions evaluate like terraform console', () => {
  it('for expressions, replace and templates', () => {
    expect(ev('{ for n in var.names : "fn_${replace(n, "-", "_")}" => n }')).toEqual({
      fn_house_fd_ingest_zip: 'house-fd-ingest-zip',
      fn_run_quality_checks: 'run-quality-checks',
    });
    expect(ev('[for n in var.names : upper(n) if startswith(n, "run")]')).toEqual(['RUN-QUALITY-CHECKS']);
  });

  it('regexall with a capture group gives a list of lists (as terraform console shows)', () => {
    expect(ev('regexall("[$][{]fn_([a-z0-9_]+)[}]", "{\\"a\\": \\"$${fn_a_b}\\", \\"b\\": \\"$${fn_c}\\"}")')).toEqual([['a_b'], ['c']]);
  });

  it('title keeps underscores inside words (terraform: title("quarantine_x") = "Quarantine_x")', () => {
    expect(ev('title("quarantine_x")')).toBe('Quarantine_x');
    expect(ev('replace(title(replace("_batches", "_", " ")), " ", "")')).toBe('Batches');
  });

  it('coalesce over try falls back when the key is missing', () => {
    expect(ev('coalesce(try(var.overrides["house-fd-ingest-zip"].memory_mb, null), 512)')).toBe(512);
    expect(ev('coalesce(try(var.overrides["run-quality-checks"].memory_mb, null), 512)')).toBe(2048);
  });

  it('unknown values propagate instead of failing', () => {
    expect(isUnknown(ev('"${var.arn}:*"'))).toBe(true);
    expect(ev('[var.arn, "*"]')).toEqual([UNKNOWN, '*']);
    expect(ev('length([var.arn]) == 0 ? [] : ["x"]')).toEqual(['x']);
  });

  it('a lone interpolation keeps its type; a missing key is an error', () => {
    expect(evaluate(parseTemplate('${var.names}'), scope)).toEqual(vars.names);
    expect(() => ev('var.tags["missing"]')).toThrow(TfEvalError);
    expect(() => ev('var.nope')).toThrow(TfEvalError);
  });

  it('$${ is a literal ${', () => {
    expect(evaluate(parseTemplate('a $${b} c'), scope)).toBe('a ${b} c');
  });
});

describe('references', () => {
  it('skips names bound by for expressions and splats', () => {
    const refs = collectReferences(parseExpression('{ for k, v in module.fns : k => v.arn if var.on } '));
    expect(refs.map((r) => `${r.root}.${r.steps.join('.')}`)).toEqual(['module.fns', 'var.on']);
    const splat = collectReferences(parseExpression('aws_iam_role.this[*].arn'));
    expect(splat).toEqual([{ root: 'aws_iam_role', steps: ['this', '[]'] }]);
  });

  it('finds references inside nested templates of for expressions', () => {
    const refs = collectReferences(parseTemplate('${{ for k, v in var.functions : k => "${var.prefix}-${k}" }}'));
    expect(refs.map((r) => `${r.root}.${r.steps[0]}`)).toEqual(['var.functions', 'var.prefix']);
  });
});

describe('variable types', () => {
  it('fills optional attributes with their defaults or null', () => {
    const type = parseTemplate('${object({ enabled = bool, cpu = optional(number, 2048), image = optional(string) })}');
    expect(convert({ enabled: false }, type, (n) => evaluate(n, scope))).toEqual({ enabled: false, cpu: 2048, image: null });
  });
});
