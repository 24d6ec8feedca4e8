/**
 * `terraform fmt -check` without terraform: re-derives the whitespace hclwrite's formatter
 * would produce (indentation by bracket nesting, spacing between tokens, `=` aligned over
 * consecutive single-line attributes, trailing comments aligned) and reports every line whose
 * whitespace differs. Also flags interpolation-only strings ("${x}"), which terraform fmt unwraps.
 */
import { bracketChange, tokenize, type Token } from './lexer';

export interface FmtProblem {
  line: number;
  expected: string;
  actual: string;
}

interface Line {
  tokens: Token[];
  lead: Token[];
  assign: Token[] | null;
  comment: Token[] | null;
  lineNo: number;
  skip: boolean;
}

const NIL: Token = { type: 'eof', text: '', start: 0, end: 0, line: 0, spacesBefore: 0 };
const isP = (t: Token, ...ops: string[]) => t.type === 'punct' && ops.includes(t.text);
const isNewline = (t: Token) => t.type === 'newline' || (t.type === 'comment' && t.text.endsWith('\n'));

/** hclwrite's spaceAfterToken (hcl v2), over this tokenizer's token kinds. */
function spaceAfter(subject: Token, before: Token, after: Token): boolean {
  if (after === NIL || after.type === 'newline' || after.type === 'eof') return false;
  if (subject.type === 'ident' && isP(after, '(')) return false;
  if ((subject.type === 'ident' && isP(after, '::')) || (isP(subject, '::') && after.type === 'ident')) return false;
  if (isP(subject, '.') || isP(after, '.')) return false;
  if (isP(after, ',', '...')) return false;
  if (isP(subject, ',')) return true;
  if (['lit', 'oquote', 'oheredoc'].includes(subject.type) || ['lit', 'cquote', 'cheredoc'].includes(after.type)) return false;
  if (subject.type === 'ident' && subject.text === 'in' && before.type === 'ident') return true;
  if (isP(after, '[') && (subject.type === 'ident' || subject.type === 'number' || bracketChange(subject) < 0)) return false;
  if (isP(subject, '!')) return false;
  if (isP(subject, '-')) {
    if (before === NIL) return false;
    if (isP(before, '(', '{', '[', '=', ':', ',', '?', '+', '*', '/', '%', '-', '==', '!=', '>', '>=', '<', '<=', '&&', '||', '!')) return false;
    return true;
  }
  if (isP(subject, '{') || isP(after, '}')) return !(isP(subject, '{') && isP(after, '}'));
  if ((subject.type === 'interp' || subject.type === 'control') && isP(after, '{')) return true;
  if (isP(subject, '}') && after.type === 'seqend') return true;
  if (subject.type === 'seqend' && (after.type === 'interp' || after.type === 'control')) return false;
  if (bracketChange(subject) > 0) return false;
  if (bracketChange(after) < 0) return false;
  return true;
}

function splitLines(tokens: Token[]): Line[] {
  const lines: Line[] = [];
  let cur: Token[] = [];
  const close = () => {
    const first = cur.find((t) => t.type !== 'eof');
    lines.push({ tokens: cur, lead: [], assign: null, comment: null, lineNo: first?.line ?? 0, skip: false });
    cur = [];
  };
  for (const t of tokens) {
    if (t.type === 'eof') break;
    cur.push(t);
    if (isNewline(t)) close();
  }
  if (cur.length) close();
  for (const l of lines) {
    const body = l.tokens.filter((t) => t.type !== 'newline');
    l.skip = body.some((t) => (t.type === 'comment' ? t.text.slice(0, -1) : t.text).includes('\n') || t.type === 'oheredoc' || t.type === 'cheredoc');
    let lead = body;
    if (lead.length > 1 && lead[lead.length - 1].type === 'comment') {
      l.comment = [lead[lead.length - 1]];
      lead = lead.slice(0, -1);
    }
    const eq = lead.findIndex((t, i) => i > 0 && isP(t, '='));
    if (eq > 0 && lead.slice(eq).reduce((n, t) => n + bracketChange(t), 0) === 0) {
      l.assign = lead.slice(eq);
      lead = lead.slice(0, eq);
    }
    l.lead = lead;
  }
  return lines;
}

const width = (toks: Token[], spaces: Map<Token, number>) =>
  toks.reduce((n, t) => n + (spaces.get(t) ?? 0) + (t.type === 'comment' ? t.text.replace(/\n$/, '') : t.text).length, 0);

/** Problems of one file's text; an empty list means terraform fmt would leave it alone. */
export function checkFmt(src: string): FmtProblem[] {
  const tokens = tokenize(src, 'file');
  const lines = splitLines(tokens);
  const spaces = new Map<Token, number>();

  // Indentation: hclwrite's indent stack over net bracket changes per line.
  const indents: number[] = [];
  let inHeredoc = false;
  for (const l of lines) {
    const wasHeredoc = inHeredoc;
    if (l.tokens.some((t) => t.type === 'oheredoc')) inHeredoc = true;
    if (l.tokens.some((t) => t.type === 'cheredoc')) inHeredoc = false;
    if (wasHeredoc) {
      l.skip = true;
      continue;
    }
    if (l.lead.length === 0) continue;
    let net = 0;
    for (const t of l.lead) {
      net += bracketChange(t);
      if (t.type === 'oheredoc') break;
    }
    for (const t of l.assign ?? []) net += bracketChange(t);
    if (net > 0) {
      spaces.set(l.lead[0], 2 * indents.length);
      indents.push(net);
    } else {
      let closed = -net;
      while (closed > 0 && indents.length > 0) {
        const top = indents[indents.length - 1];
        if (closed > top) {
          closed -= top;
          indents.pop();
        } else if (closed < top) {
          indents[indents.length - 1] -= closed;
          closed = 0;
        } else {
          indents.pop();
          closed = 0;
        }
      }
      spaces.set(l.lead[0], 2 * indents.length);
    }
  }

  // Spacing inside the lead and assign cells.
  for (const l of lines) {
    for (const cell of [l.lead, l.assign ?? []]) {
      if (cell === l.assign && cell.length) spaces.set(cell[0], 1);
      for (let i = 0; i < cell.length - 1; i++) spaces.set(cell[i + 1], spaceAfter(cell[i], i > 0 ? cell[i - 1] : NIL, cell[i + 1]) ? 1 : 0);
    }
    if (l.comment) spaces.set(l.comment[0], 1);
  }

  // Alignment of `=` and of trailing comments over chains of consecutive lines.
  const align = (has: (l: Line) => Token[] | null, cols: (l: Line) => number) => {
    let chain: Line[] = [];
    const flush = () => {
      const max = Math.max(...chain.map(cols));
      for (const l of chain) spaces.set(has(l)![0], max - cols(l) + 1);
      chain = [];
    };
    for (const l of lines) {
      if (has(l)) chain.push(l);
      else if (chain.length) flush();
    }
    if (chain.length) flush();
  };
  align(
    (l) => l.assign,
    (l) => width(l.lead, spaces),
  );
  align(
    (l) => l.comment,
    (l) => width(l.lead, spaces) + width(l.assign ?? [], spaces),
  );

  const srcLines = src.split('\n');
  const problems: FmtProblem[] = [];
  for (const l of lines) {
    if (l.skip || l.lineNo === 0) continue;
    const body = l.tokens.filter((t) => t.type !== 'newline');
    const expected = body.map((t) => ' '.repeat(spaces.get(t) ?? 0) + (t.type === 'comment' ? t.text.replace(/\n$/, '') : t.text)).join('');
    const actual = (srcLines[l.lineNo - 1] ?? '').replace(/\r$/, '');
    if (expected !== actual) problems.push({ line: l.lineNo, expected, actual });
  }
  problems.push(...interpolationOnly(tokens));
  return problems.sort((a, b) => a.line - b.line);
}

/** "${x}" as a whole attribute value: terraform fmt rewrites it to x. */
function interpolationOnly(tokens: Token[]): FmtProblem[] {
  const out: FmtProblem[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].type !== 'oquote' || tokens[i + 1]?.type !== 'interp') continue;
    let depth = 0;
    let j = i + 1;
    for (; j < tokens.length; j++) {
      depth += tokens[j].type === 'interp' || tokens[j].type === 'control' ? 1 : tokens[j].type === 'seqend' ? -1 : 0;
      if (depth === 0) break;
    }
    if (tokens[j + 1]?.type === 'cquote' && isP(tokens[i - 1] ?? NIL, '=')) {
      out.push({ line: tokens[i].line, expected: 'the expression without "${...}"', actual: 'an interpolation-only string' });
    }
  }
  return out;
}
