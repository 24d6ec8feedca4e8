/**
 * Parser for HCL expressions and templates (the strings hcl2json returns for attributes),
 * into a small AST that refs.ts walks for references and eval.ts evaluates.
 */
import { HclSyntaxError, tokenize, type Token } from './lexer';

export type Node =
  | { k: 'lit'; v: string | number | boolean | null }
  | { k: 'tmpl'; parts: (string | Node)[]; directives: boolean }
  | { k: 'var'; name: string }
  | { k: 'get'; obj: Node; name: string }
  | { k: 'index'; obj: Node; key: Node }
  | { k: 'splat'; obj: Node; each: Node }
  | { k: 'call'; name: string; args: Node[]; expand: boolean }
  | { k: 'tuple'; items: Node[] }
  | { k: 'object'; items: { key: Node; value: Node }[] }
  | { k: 'for'; object: boolean; keyVar: string | null; valVar: string; coll: Node; key: Node | null; value: Node; group: boolean; cond: Node | null }
  | { k: 'cond'; c: Node; t: Node; f: Node }
  | { k: 'bin'; op: string; l: Node; r: Node }
  | { k: 'un'; op: string; e: Node };

/** The splat body refers to the current element through this variable. */
export const SPLAT_ITEM = '\u0000item';

const BINARY: [string[], number][] = [
  [['||'], 1],
  [['&&'], 2],
  [['==', '!='], 3],
  [['<', '>', '<=', '>='], 4],
  [['+', '-'], 5],
  [['*', '/', '%'], 6],
];

class Parser {
  private i = 0;
  constructor(
    private readonly toks: Token[],
    private readonly src: string,
  ) {}

  private peek(o = 0): Token {
    let i = this.i;
    for (let n = 0; ; i++) {
      const t = this.toks[i];
      if (t.type === 'newline' || t.type === 'comment') continue;
      if (n === o) return t;
      n++;
    }
  }
  private next(): Token {
    while (this.toks[this.i].type === 'newline' || this.toks[this.i].type === 'comment') this.i++;
    return this.toks[this.i++];
  }
  private isP(op: string, o = 0) {
    const t = this.peek(o);
    return t.type === 'punct' && t.text === op;
  }
  private expectP(op: string) {
    const t = this.next();
    if (t.type !== 'punct' || t.text !== op) this.fail(t, `expected "${op}"`);
  }
  private fail(t: Token, msg: string): never {
    throw new HclSyntaxError(
      `${msg} at ${JSON.stringify(this.src.slice(t.start, t.start + 30))} in ${JSON.stringify(this.src.length > 120 ? `${this.src.slice(0, 120)}…` : this.src)}`,
    );
  }

  /** Root template: literal text and interpolations, no quotes. */
  rootTemplate(): Node {
    const parts = this.templateParts('eof');
    return templateNode(parts.parts, parts.directives);
  }

  private templateParts(end: 'eof' | 'cquote' | 'cheredoc'): { parts: (string | Node)[]; directives: boolean } {
    const parts: (string | Node)[] = [];
    let directives = false;
    for (;;) {
      const t = this.toks[this.i++];
      if (t.type === end) break;
      if (t.type === 'eof') this.fail(t, 'unterminated template');
      if (t.type === 'lit') parts.push(end === 'cquote' ? unescapeQuoted(t.text) : t.text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{'));
      else if (t.type === 'interp') {
        const e = this.expr();
        const close = this.next();
        if (close.type !== 'seqend') this.fail(close, 'expected "}" closing the interpolation');
        parts.push(e);
      } else if (t.type === 'control') {
        // %{ if } / %{ for } directives: rare in configuration; evaluated as unknown.
        directives = true;
        let depth = 1;
        while (depth > 0) {
          const x = this.toks[this.i++];
          if (x.type === 'eof') this.fail(x, 'unterminated directive');
          if (x.type === 'interp' || x.type === 'control') depth++;
          if (x.type === 'seqend') depth--;
          if (depth > 0 && x.type === 'ident') parts.push({ k: 'var', name: x.text });
        }
      } else this.fail(t, `unexpected ${t.type} in template`);
    }
    return { parts, directives };
  }

  expr(): Node {
    const c = this.binary(1);
    if (!this.isP('?')) return c;
    this.next();
    const t = this.expr();
    this.expectP(':');
    const f = this.expr();
    return { k: 'cond', c, t, f };
  }

  private binary(level: number): Node {
    if (level > BINARY.length) return this.unary();
    let l = this.binary(level + 1);
    const ops = BINARY[level - 1][0];
    for (;;) {
      const t = this.peek();
      if (t.type !== 'punct' || !ops.includes(t.text)) return l;
      this.next();
      l = { k: 'bin', op: t.text, l, r: this.binary(level + 1) };
    }
  }

  private unary(): Node {
    if (this.isP('!') || this.isP('-')) {
      const op = this.next().text;
      return { k: 'un', op, e: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private postfix(node: Node): Node {
    for (;;) {
      if (this.isP('.')) {
        this.next();
        const t = this.next();
        if (t.type === 'ident') node = { k: 'get', obj: node, name: t.text };
        else if (t.type === 'number') node = { k: 'index', obj: node, key: { k: 'lit', v: Number(t.text) } };
        else if (t.type === 'punct' && t.text === '*') node = { k: 'splat', obj: node, each: this.splatBody() };
        else this.fail(t, 'expected an attribute name');
      } else if (this.isP('[')) {
        if (this.isP('*', 1) && this.isP(']', 2)) {
          this.next();
          this.next();
          this.next();
          node = { k: 'splat', obj: node, each: this.splatBody() };
        } else {
          this.next();
          const key = this.expr();
          this.expectP(']');
          node = { k: 'index', obj: node, key };
        }
      } else return node;
    }
  }

  /** Attribute and index steps after a splat apply to each element. */
  private splatBody(): Node {
    return this.postfix({ k: 'var', name: SPLAT_ITEM });
  }

  private primary(): Node {
    const t = this.next();
    if (t.type === 'number') return { k: 'lit', v: Number(t.text) };
    if (t.type === 'oquote') {
      const { parts, directives } = this.templateParts('cquote');
      return templateNode(parts, directives);
    }
    if (t.type === 'oheredoc') {
      const { parts, directives } = this.templateParts('cheredoc');
      const strip = t.text.startsWith('<<-');
      return templateNode(strip ? dedent(parts) : parts, directives);
    }
    if (t.type === 'ident') {
      if (t.text === 'true' || t.text === 'false') return { k: 'lit', v: t.text === 'true' };
      if (t.text === 'null') return { k: 'lit', v: null };
      let name = t.text;
      while (this.isP('::')) {
        this.next();
        name += `::${this.next().text}`;
      }
      if (this.isP('(')) return this.call(name);
      return { k: 'var', name };
    }
    if (t.type === 'punct' && t.text === '(') {
      const e = this.expr();
      this.expectP(')');
      return e;
    }
    if (t.type === 'punct' && t.text === '[') return this.tuple();
    if (t.type === 'punct' && t.text === '{') return this.object();
    return this.fail(t, 'expected an expression');
  }

  private call(name: string): Node {
    this.expectP('(');
    const args: Node[] = [];
    let expand = false;
    while (!this.isP(')')) {
      args.push(this.expr());
      if (this.isP('...')) {
        this.next();
        expand = true;
      }
      if (this.isP(',')) this.next();
      else break;
    }
    this.expectP(')');
    return { k: 'call', name, args, expand };
  }

  private forHead(): { keyVar: string | null; valVar: string; coll: Node } {
    this.next(); // for
    const a = this.next().text;
    let keyVar: string | null = null;
    let valVar = a;
    if (this.isP(',')) {
      this.next();
      keyVar = a;
      valVar = this.next().text;
    }
    const kw = this.next();
    if (kw.text !== 'in') this.fail(kw, 'expected "in"');
    const coll = this.expr();
    this.expectP(':');
    return { keyVar, valVar, coll };
  }

  private isFor(): boolean {
    const t = this.peek();
    const n = this.peek(1);
    return t.type === 'ident' && t.text === 'for' && n.type === 'ident';
  }

  private forCond(): Node | null {
    const t = this.peek();
    if (t.type === 'ident' && t.text === 'if') {
      this.next();
      return this.expr();
    }
    return null;
  }

  private tuple(): Node {
    if (this.isFor()) {
      const head = this.forHead();
      const value = this.expr();
      const cond = this.forCond();
      this.expectP(']');
      return { k: 'for', object: false, ...head, key: null, value, group: false, cond };
    }
    const items: Node[] = [];
    while (!this.isP(']')) {
      items.push(this.expr());
      if (this.isP(',')) this.next();
    }
    this.expectP(']');
    return { k: 'tuple', items };
  }

  private object(): Node {
    if (this.isFor()) {
      const head = this.forHead();
      const key = this.expr();
      this.expectP('=>');
      const value = this.expr();
      let group = false;
      if (this.isP('...')) {
        this.next();
        group = true;
      }
      const cond = this.forCond();
      this.expectP('}');
      return { k: 'for', object: true, ...head, key, value, group, cond };
    }
    const items: { key: Node; value: Node }[] = [];
    while (!this.isP('}')) {
      const kt = this.peek();
      let key: Node;
      // A bare identifier key is a literal name, not a reference.
      if (kt.type === 'ident' && (this.isP('=', 1) || this.isP(':', 1))) {
        this.next();
        key = { k: 'lit', v: kt.text };
      } else key = this.expr();
      if (this.isP('=') || this.isP(':')) this.next();
      else this.fail(this.peek(), 'expected "=" in an object');
      items.push({ key, value: this.expr() });
      if (this.isP(',')) this.next();
    }
    this.expectP('}');
    return { k: 'object', items };
  }

  atEnd(): boolean {
    return this.peek().type === 'eof';
  }
}

function templateNode(parts: (string | Node)[], directives: boolean): Node {
  const merged = parts.filter((p) => p !== '');
  if (!directives && merged.length === 0) return { k: 'lit', v: '' };
  if (!directives && merged.length === 1 && typeof merged[0] === 'string') return { k: 'lit', v: merged[0] };
  // "${x}" alone is x itself, with its type (HCL's template wrap).
  if (!directives && merged.length === 1) return merged[0] as Node;
  return { k: 'tmpl', parts: merged, directives };
}

function unescapeQuoted(s: string): string {
  return s
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{')
    .replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e: string) => {
      if (e === 'n') return '\n';
      if (e === 't') return '\t';
      if (e === 'r') return '\r';
      if (e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
      return e;
    });
}

function dedent(parts: (string | Node)[]): (string | Node)[] {
  const text = parts.filter((p): p is string => typeof p === 'string').join('');
  const indents = text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.match(/^ */)![0].length);
  const n = indents.length ? Math.min(...indents) : 0;
  return parts.map((p) => (typeof p === 'string' ? p.replace(new RegExp(`(^|\\n) {${n}}`, 'g'), '$1') : p));
}

const cache = new Map<string, Node>();

/** Parse a string value from hcl2json (a template body; `${x}` alone is the expression x). */
export function parseTemplate(src: string): Node {
  const hit = cache.get(src);
  if (hit) return hit;
  const p = new Parser(tokenize(src, 'template'), src);
  const node = p.rootTemplate();
  cache.set(src, node);
  return node;
}

/** Parse a bare expression (no surrounding ${ }). */
export function parseExpression(src: string): Node {
  const p = new Parser(tokenize(src, 'file'), src);
  const node = p.expr();
  if (!p.atEnd()) throw new HclSyntaxError(`unexpected text after expression in ${JSON.stringify(src)}`);
  return node;
}
