/**
 * Variable type constraints: conversion of a passed value to the declared type, so that
 * optional(...) attributes get their defaults (or null) the way terraform fills them.
 */
import type { Node } from './parser';
import { UNKNOWN, isList, isObject, isUnknown, toSet, type ObjectValue, type Value } from './values';

export type ConstEval = (n: Node) => Value;

const PRIMITIVES = new Set(['string', 'number', 'bool', 'any']);

/** True when the node is a syntactically valid type constraint. */
export function isTypeExpression(n: Node): boolean {
  if (n.k === 'var') return PRIMITIVES.has(n.name);
  if (n.k !== 'call') return false;
  switch (n.name) {
    case 'list':
    case 'set':
    case 'map':
      return n.args.length === 1 && isTypeExpression(n.args[0]);
    case 'tuple':
      return n.args.length === 1 && n.args[0].k === 'tuple' && n.args[0].items.every(isTypeExpression);
    case 'object':
      return n.args.length === 1 && n.args[0].k === 'object' && n.args[0].items.every((it) => isAttributeType(it.value));
    default:
      return false;
  }
}

const isAttributeType = (n: Node): boolean =>
  (n.k === 'call' && n.name === 'optional' && (n.args.length === 1 || n.args.length === 2) && isTypeExpression(n.args[0])) || isTypeExpression(n);

export function convert(value: Value, type: Node, constEval: ConstEval): Value {
  if (isUnknown(value) || value === null) return value;
  if (type.k === 'var') {
    if (type.name === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return String(value);
    return value;
  }
  if (type.k !== 'call') return value;
  const [arg] = type.args;
  switch (type.name) {
    case 'list':
      return isList(value) ? value.map((v) => convert(v, arg, constEval)) : value;
    case 'set':
      return isList(value) ? toSet(value.map((v) => convert(v, arg, constEval))) : value;
    case 'map':
      return isObject(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, arg, constEval)])) : value;
    case 'tuple':
      return isList(value) && arg.k === 'tuple' ? value.map((v, i) => (arg.items[i] ? convert(v, arg.items[i], constEval) : v)) : value;
    case 'object': {
      if (!isObject(value) || arg.k !== 'object') return value;
      const out: ObjectValue = {};
      for (const it of arg.items) {
        const name = it.key.k === 'lit' ? String(it.key.v) : null;
        if (name === null) return UNKNOWN;
        const t = it.value;
        const optional = t.k === 'call' && t.name === 'optional';
        const inner = optional ? t.args[0] : t;
        if (name in value && value[name] !== null) out[name] = convert(value[name], inner, constEval);
        else if (optional && t.args[1]) out[name] = convert(constEval(t.args[1]), inner, constEval);
        else out[name] = null;
      }
      return out;
    }
    default:
      return value;
  }
}
