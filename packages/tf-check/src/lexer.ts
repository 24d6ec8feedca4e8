/**
 * An HCL native-syntax tokenizer, close to hclsyntax's scanner: enough for `terraform fmt`
 * emulation (fmt.ts) and for parsing the expression strings @cdktf/hcl2json hands back
 * (parser.ts). Tokens keep their position and the spaces before them.
 */

export type TokenType =
  | 'ident'
  | 'number'
  | 'oquote'
  | 'cquote'
  | 'lit'
  | 'interp'
  | 'control'
  | 'seqend'
  | 'oheredoc'
  | 'cheredoc'
  | 'comment'
  | 'newline'
  | 'eof'
  | 'punct'
  | 'invalid';

export interface Token {
  type: TokenType;
  /** Source text of the token (for punct: the operator itself). */
  text: string;
  start: number;
  end: number;
  line: number;
  /** Spaces and tabs between the previous token on the same line and this one. */
  spacesBefore: number;
}

export class HclSyntaxError extends Error {
  override name = 'HclSyntaxError';
}

const PUNCT = [
  '...',
  '=>',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '::',
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '=',
  '<',
  '>',
  '?',
  ':',
  ',',
  '.',
  '*',
  '/',
  '%',
  '+',
  '-',
  '!',
];
const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_-]/;

type Context = { kind: 'code'; braces: number; closer: 'seqend' | 'none' } | { kind: 'quoted' } | { kind: 'root' } | { kind: 'heredoc'; marker: string };

/**
 * Tokenize HCL. mode 'file' reads a whole .tf/.tfvars file; mode 'template' reads the body of
 * a template without its quotes (what hcl2json returns for an attribute: `${var.x}-suffix`).
 */
export function tokenize(src: string, mode: 'file' | 'template' = 'file'): Token[] {
  const tokens: Token[] = [];
  const stack: Context[] = [mode === 'file' ? { kind: 'code', braces: 0, closer: 'none' } : { kind: 'root' }];
  let i = 0;
  let line = 1;
  let spaces = 0;
  let litStart = -1;
  let litLine = 1;

  const push = (type: TokenType, text: string, start: number) => {
    tokens.push({ type, text, start, end: start + text.length, line, spacesBefore: spaces });
    spaces = 0;
    for (const ch of text) if (ch === '\n') line++;
  };
  const flushLit = () => {
    if (litStart < 0) return;
    const text = src.slice(litStart, i);
    tokens.push({ type: 'lit', text, start: litStart, end: i, line: litLine, spacesBefore: 0 });
    for (const ch of text) if (ch === '\n') line++;
    litStart = -1;
  };
  const startLit = () => {
    if (litStart < 0) {
      litStart = i;
      litLine = line;
    }
  };

  while (i < src.length) {
    const ctx = stack[stack.length - 1];
    const c = src[i];

    if (ctx.kind === 'quoted' || ctx.kind === 'root' || ctx.kind === 'heredoc') {
      if (ctx.kind === 'heredoc' && src[i - 1] === '\n') {
        const lineEnd = src.indexOf('\n', i) < 0 ? src.length : src.indexOf('\n', i);
        if (src.slice(i, lineEnd).trim() === ctx.marker) {
          flushLit();
          const lead = src.slice(i, lineEnd).match(/^[ \t]*/)![0].length;
          spaces = lead;
          push('cheredoc', src.slice(i + lead, lineEnd), i + lead);
          i = lineEnd;
          stack.pop();
          continue;
        }
      }
      if (ctx.kind === 'quoted' && c === '"') {
        flushLit();
        push('cquote', '"', i);
        i++;
        stack.pop();
        continue;
      }
      if (ctx.kind === 'quoted' && c === '\\') {
        startLit();
        i += 2;
        continue;
      }
      if ((c === '$' || c === '%') && src[i + 1] === c && src[i + 2] === '{') {
        startLit(); // $${ and %%{ are escapes for a literal ${ and %{
        i += 3;
        continue;
      }
      if ((c === '$' || c === '%') && src[i + 1] === '{') {
        flushLit();
        push(c === '$' ? 'interp' : 'control', `${c}{`, i);
        i += 2;
        stack.push({ kind: 'code', braces: 0, closer: 'seqend' });
        continue;
      }
      if (ctx.kind === 'quoted' && c === '\n') throw new HclSyntaxError(`line ${line}: unterminated string`);
      startLit();
      i++;
      continue;
    }

    // code
    if (c === ' ' || c === '\t' || c === '\r') {
      spaces++;
      i++;
      continue;
    }
    if (c === '\n') {
      push('newline', '\n', i);
      i++;
      continue;
    }
    if (c === '#' || (c === '/' && src[i + 1] === '/')) {
      const nl = src.indexOf('\n', i);
      const end = nl < 0 ? src.length : nl + 1;
      push('comment', src.slice(i, end), i);
      i = end;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const close = src.indexOf('*/', i + 2);
      if (close < 0) throw new HclSyntaxError(`line ${line}: unterminated comment`);
      push('comment', src.slice(i, close + 2), i);
      i = close + 2;
      continue;
    }
    if (c === '"') {
      push('oquote', '"', i);
      i++;
      stack.push({ kind: 'quoted' });
      continue;
    }
    if (c === '<' && src[i + 1] === '<') {
      const m = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)\r?\n/.exec(src.slice(i));
      if (m) {
        push('oheredoc', m[0], i);
        i += m[0].length;
        stack.push({ kind: 'heredoc', marker: m[2] });
        continue;
      }
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(src.slice(i))!;
      push('number', m[0], i);
      i += m[0].length;
      continue;
    }
    if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < src.length && IDENT_PART.test(src[j])) j++;
      push('ident', src.slice(i, j), i);
      i = j;
      continue;
    }
    if (ctx.kind === 'code' && c === '{') ctx.braces++;
    if (ctx.kind === 'code' && c === '}') {
      if (ctx.braces === 0 && ctx.closer === 'seqend') {
        push('seqend', '}', i);
        i++;
        stack.pop();
        continue;
      }
      ctx.braces--;
    }
    const p = PUNCT.find((op) => src.startsWith(op, i));
    if (!p) {
      push('invalid', c, i);
      i++;
      continue;
    }
    push('punct', p, i);
    i += p.length;
  }
  flushLit();
  const last = stack[stack.length - 1];
  if (mode === 'file' && stack.length > 1)
    throw new HclSyntaxError(`unterminated ${last.kind === 'quoted' ? 'string' : last.kind === 'heredoc' ? 'heredoc' : 'interpolation'}`);
  tokens.push({ type: 'eof', text: '', start: src.length, end: src.length, line, spacesBefore: spaces });
  return tokens;
}

/** Net bracket change of a token, as hclwrite counts it for indentation. */
export function bracketChange(t: Token): number {
  if (t.type === 'interp' || t.type === 'control') return 1;
  if (t.type === 'seqend') return -1;
  if (t.type !== 'punct') return 0;
  if (t.text === '{' || t.text === '[' || t.text === '(') return 1;
  if (t.text === '}' || t.text === ']' || t.text === ')') return -1;
  return 0;
}
