import { describe, expect, it } from '@jest/globals';
import { checkFmt } from '../src/fmt';

const clean = `resource "aws_sqs_queue" "dlq" {
  name                      = "x-dlq"
  message_retention_seconds = 1209600

  tags = merge(var.tags, {
    layer = "bronze"
  })
  count = length(var.names) > 0 ? 1 : 0
}
`;

describe('terraform fmt emulation', () => {
  it('accepts canonical formatting: aligned = over consecutive lines, a multi-line value breaks the group', () => {
    expect(checkFmt(clean)).toEqual([]);
  });

  it('reports a misaligned =', () => {
    const bad = clean.replace('name                      =', 'name =');
    expect(checkFmt(bad).map((p) => p.line)).toEqual([2]);
    expect(checkFmt(bad)[0].expected).toBe('  name                      = "x-dlq"');
  });

  it('reports wrong indentation, spaces inside brackets and trailing spaces', () => {
    expect(checkFmt(clean.replace('  count', '    count')).map((p) => p.line)).toEqual([8]);
    expect(checkFmt(clean.replace('length(var.names)', 'length( var.names )'))[0].expected).toContain('length(var.names)');
    expect(checkFmt(clean.replace('"bronze"', '"bronze" '))[0].line).toBe(6);
  });

  it('reports interpolation-only strings, which terraform fmt unwraps', () => {
    expect(checkFmt('a = "${var.x}"\n').map((p) => p.actual)).toEqual(['an interpolation-only string']);
    expect(checkFmt('a = "${var.x}-y"\n')).toEqual([]);
  });
});
