/** References (traversals such as var.x, module.m["k"].out, aws_s3_bucket.this.arn) in an expression. */
import { SPLAT_ITEM, type Node } from './parser';

export interface Reference {
  root: string;
  /** Attribute names after the root; index steps appear as '[]'. */
  steps: string[];
}

/** Walk a traversal chain down to its root variable. */
function chain(node: Node): Reference | null {
  const steps: string[] = [];
  let n = node;
  for (;;) {
    if (n.k === 'get') {
      steps.unshift(n.name);
      n = n.obj;
    } else if (n.k === 'index') {
      steps.unshift('[]');
      n = n.obj;
    } else if (n.k === 'splat') {
      steps.unshift('[]');
      n = n.obj;
    } else break;
  }
  return n.k === 'var' ? { root: n.name, steps } : null;
}

/** Every reference whose root is not bound by an enclosing for expression or splat. */
export function collectReferences(node: Node, bound: ReadonlySet<string> = new Set()): Reference[] {
  const out: Reference[] = [];
  const walk = (n: Node, scope: ReadonlySet<string>) => {
    switch (n.k) {
      case 'lit':
        return;
      case 'var':
        if (!scope.has(n.name) && n.name !== SPLAT_ITEM) out.push({ root: n.name, steps: [] });
        return;
      case 'get':
      case 'index':
      case 'splat': {
        const ref = chain(n);
        if (ref && !scope.has(ref.root) && ref.root !== SPLAT_ITEM) out.push(ref);
        // Index keys and splat bodies hold expressions of their own.
        let m: Node = n;
        while (m.k === 'get' || m.k === 'index' || m.k === 'splat') {
          if (m.k === 'index') walk(m.key, scope);
          if (m.k === 'splat') walk(m.each, scope);
          m = m.obj;
        }
        if (m.k !== 'var') walk(m, scope);
        return;
      }
      case 'tmpl':
        for (const p of n.parts) if (typeof p !== 'string') walk(p, scope);
        return;
      case 'call':
        for (const a of n.args) walk(a, scope);
        return;
      case 'tuple':
        for (const a of n.items) walk(a, scope);
        return;
      case 'object':
        for (const it of n.items) {
          walk(it.key, scope);
          walk(it.value, scope);
        }
        return;
      case 'for': {
        walk(n.coll, scope);
        const inner = new Set(scope);
        inner.add(n.valVar);
        if (n.keyVar) inner.add(n.keyVar);
        if (n.key) walk(n.key, inner);
        walk(n.value, inner);
        if (n.cond) walk(n.cond, inner);
        return;
      }
      case 'cond':
        walk(n.c, scope);
        walk(n.t, scope);
        walk(n.f, scope);
        return;
      case 'bin':
        walk(n.l, scope);
        walk(n.r, scope);
        return;
      case 'un':
        walk(n.e, scope);
    }
  };
  walk(node, bound);
  return out;
}
