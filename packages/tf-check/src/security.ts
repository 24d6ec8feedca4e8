/**
 * Security policy over evaluated resources: least-privilege IAM (no Resource "*" except for
 * actions without resource scope), KMS encryption of every data store, queue, topic and log
 * group, alarms that notify, log groups that expire.
 */
import { relative } from 'node:path';
import type { Finding } from './findings';
import { evaluate } from './eval';
import type { EvaluatedBlock, Plan } from './instances';
import { parseTemplate } from './parser';
import { collectReferences } from './refs';
import { isUnscopedAction } from './unscoped-actions';
import { TfEvalError, UNKNOWN, isList, isObject, isUnknown, type ObjectValue, type Value } from './values';

interface Statement {
  sid: Value;
  effect: Value;
  actions: Value;
  notActions: Value;
  resources: Value;
  notResources: Value;
  conditionKeys: string[] | null;
}

/** Condition keys of a policy-document statement (condition blocks) or a JSON statement (Condition object); null when unknown. */
function documentConditionKeys(conditions: Value): string[] | null {
  const list = asList(conditions ?? []);
  if (list === null) return null;
  const keys: string[] = [];
  for (const c of list) {
    if (!isObject(c)) continue;
    if (isUnknown(c.variable)) return null;
    if (typeof c.variable === 'string') keys.push(c.variable);
  }
  return keys;
}
function jsonConditionKeys(condition: Value): string[] | null {
  if (condition === undefined || condition === null) return [];
  if (!isObject(condition)) return null;
  return Object.values(condition).flatMap((byKey) => (isObject(byKey) ? Object.keys(byKey) : []));
}

const asList = (v: Value): Value[] | null => (isUnknown(v) ? null : v === null || v === undefined ? [] : isList(v) ? v : [v]);
const present = (v: Value | undefined) => v !== undefined && v !== null;
const WHOLE_SERVICE = /^arn:[^:]+:[^:]+:[^:]*:[^:]*:\*$/;

/** Attributes holding a JSON policy, per resource type. */
const POLICY_ATTRIBUTES: Record<string, string> = {
  aws_iam_role_policy: 'policy',
  aws_iam_policy: 'policy',
  aws_iam_user_policy: 'policy',
  aws_iam_group_policy: 'policy',
  aws_s3_bucket_policy: 'policy',
  aws_sns_topic_policy: 'policy',
  aws_sqs_queue_policy: 'policy',
};

export function checkSecurity(plan: Plan, repoRoot: string): Finding[] {
  const out: Finding[] = [];
  const add = (rule: string, e: EvaluatedBlock, message: string) =>
    out.push({
      rule,
      file: relative(repoRoot, e.block.file),
      line: e.block.line,
      message: `${e.block.labels.join('.')}: ${message} [in ${e.instance.address}]`,
    });

  // Key policies: in a key policy Resource "*" means "this key".
  const keyPolicyDocs = new Set<string>();
  for (const r of plan.resources) {
    if (r.block.labels[0] !== 'aws_kms_key' || typeof r.block.body.policy !== 'string') continue;
    for (const ref of collectReferences(parseTemplate(r.block.body.policy))) {
      if (ref.root === 'data' && ref.steps[0] === 'aws_iam_policy_document') keyPolicyDocs.add(`${r.block.file}\u0000${ref.steps[1]}`);
    }
  }

  const checkStatements = (e: EvaluatedBlock, statements: Statement[], what: string) => {
    for (const s of statements) {
      const label = typeof s.sid === 'string' && s.sid ? `${what} "${s.sid}"` : what;
      if (isUnknown(s.effect) || (typeof s.effect === 'string' && s.effect !== 'Allow')) continue;
      if (present(s.notActions) && !(isList(s.notActions) && s.notActions.length === 0))
        add('iam-wildcard-action', e, `${label}: Allow with NotAction grants everything else`);
      if (present(s.notResources) && !(isList(s.notResources) && s.notResources.length === 0))
        add('iam-wildcard-resource', e, `${label}: Allow with NotResource grants every other resource`);
      const actions = asList(s.actions);
      const resources = asList(s.resources);
      const wildActions = (actions ?? []).filter((a) => typeof a === 'string' && (a === '*' || a.endsWith(':*')));
      if (wildActions.length) add('iam-wildcard-action', e, `${label}: wildcard action ${wildActions.join(', ')}`);
      // Listing a whole bucket reveals every key of every layer: list only under the granted prefixes.
      if ((actions ?? []).some((a) => a === 's3:ListBucket') && s.conditionKeys !== null && !s.conditionKeys.includes('s3:prefix')) {
        add(
          's3-list-prefix',
          e,
          `${label}: s3:ListBucket without an s3:prefix condition (add condition { test = "StringLike", variable = "s3:prefix", values = ["<prefix>/*"] })`,
        );
      }
      // lib-storage's multipart Upload aborts a failed upload (leavePartsOnError: false): without
      // AbortMultipartUpload beside PutObject that call is denied and the parts stay, billed, in the bucket.
      if ((actions ?? []).includes('s3:PutObject') && !(actions ?? []).some((a) => a === 's3:AbortMultipartUpload' || a === 's3:Abort*')) {
        add('s3-multipart-abort', e, `${label}: s3:PutObject without s3:AbortMultipartUpload (a failed multipart upload could not remove its parts)`);
      }
      const wildcard = (resources ?? []).some((r) => r === '*' || (typeof r === 'string' && WHOLE_SERVICE.test(r)));
      if (!wildcard) continue;
      const bad =
        actions === null
          ? ['(actions unknown)']
          : actions.filter((a) => typeof a !== 'string' || !isUnscopedAction(a)).map((a) => (typeof a === 'string' ? a : '(unknown action)'));
      if (bad.length)
        add('iam-wildcard-resource', e, `${label}: Resource "*" for ${bad.join(', ')} (name the ARNs; only actions without resource scope may use "*")`);
    }
  };

  for (const d of plan.data) {
    if (d.block.labels[0] !== 'aws_iam_policy_document') continue;
    if (keyPolicyDocs.has(`${d.block.file}\u0000${d.block.labels[1]}`)) {
      out.push(...checkKeyPolicy(d, repoRoot));
      continue;
    }
    const stmts = asList(d.value.statement ?? []) ?? [];
    checkStatements(
      d,
      stmts.filter(isObject).map((s) => ({
        sid: s.sid ?? null,
        effect: s.effect ?? 'Allow',
        actions: s.actions ?? [],
        notActions: s.not_actions ?? null,
        resources: s.resources ?? [],
        notResources: s.not_resources ?? null,
        conditionKeys: documentConditionKeys(s.condition ?? []),
      })),
      'statement',
    );
  }

  for (const r of plan.resources) {
    const attr = POLICY_ATTRIBUTES[r.block.labels[0]];
    const raw = attr ? r.block.body[attr] : undefined;
    if (typeof raw !== 'string') continue;
    const doc = policyValue(raw, r);
    if (!isObject(doc)) continue;
    const stmts = asList(doc.Statement ?? []) ?? [];
    checkStatements(
      r,
      stmts.filter(isObject).map((s) => ({
        sid: s.Sid ?? null,
        effect: s.Effect ?? 'Allow',
        actions: s.Action ?? [],
        notActions: s.NotAction ?? null,
        resources: s.Resource ?? [],
        notResources: s.NotResource ?? null,
        conditionKeys: jsonConditionKeys(s.Condition ?? null),
      })),
      attr,
    );
  }

  const bucketsWithKms = new Set<string>();
  for (const r of plan.resources) {
    if (r.block.labels[0] !== 'aws_s3_bucket_server_side_encryption_configuration') continue;
    const rules = asList(r.value.rule ?? []) ?? [];
    const kms = rules.some(
      (rule) =>
        isObject(rule) &&
        (asList(rule.apply_server_side_encryption_by_default ?? []) ?? []).some(
          (d) =>
            isObject(d) && (d.sse_algorithm === 'aws:kms' || d.sse_algorithm === 'aws:kms:dsse' || isUnknown(d.sse_algorithm)) && present(d.kms_master_key_id),
        ),
    );
    if (!kms) continue;
    if (typeof r.block.body.bucket !== 'string') continue;
    for (const ref of collectReferences(parseTemplate(r.block.body.bucket))) {
      if (ref.root === 'aws_s3_bucket') bucketsWithKms.add(`${r.instance.address}\u0000${ref.steps[0]}`);
    }
  }

  out.push(...checkEncryptedUploads(plan, repoRoot));

  for (const r of plan.resources) {
    const [type, name] = r.block.labels;
    const v = r.value;
    switch (type) {
      case 'aws_sfn_state_machine': {
        const enc = (asList(v.encryption_configuration ?? []) ?? []).find(isObject) as ObjectValue | undefined;
        if (!enc || (enc.type !== 'CUSTOMER_MANAGED_KMS_KEY' && !isUnknown(enc.type)) || !present(enc.kms_key_id))
          add('sfn-encryption', r, 'state machine without encryption_configuration { type = "CUSTOMER_MANAGED_KMS_KEY", kms_key_id = <the environment key> }');
        break;
      }
      case 'aws_dynamodb_table': {
        const sse = (asList(v.server_side_encryption ?? []) ?? []).find(isObject) as ObjectValue | undefined;
        if (!sse || sse.enabled === false || !present(sse.enabled) || !present(sse.kms_key_arn))
          add('kms-encryption', r, 'table without server_side_encryption { enabled = true, kms_key_arn = <customer key> }');
        break;
      }
      case 'aws_sqs_queue':
        if (!present(v.kms_master_key_id)) add('kms-encryption', r, 'queue without kms_master_key_id');
        break;
      case 'aws_sns_topic':
        if (!present(v.kms_master_key_id)) add('kms-encryption', r, 'topic without kms_master_key_id');
        break;
      case 'aws_s3_bucket':
        if (!bucketsWithKms.has(`${r.instance.address}\u0000${name}`) && !bucketsWithKms.has(`${r.instance.address.replace(/\[inactive\]$/, '')}\u0000${name}`))
          add('kms-encryption', r, 'bucket without an aws_s3_bucket_server_side_encryption_configuration using aws:kms and a key');
        break;
      case 'aws_cloudwatch_log_group':
        if (!present(v.kms_key_id)) add('kms-encryption', r, 'log group without kms_key_id');
        if (!present(v.retention_in_days) || v.retention_in_days === 0)
          add('log-retention', r, 'log group without retention_in_days (logs would be kept forever)');
        break;
      case 'aws_lambda_function':
        if (!present(v.kms_key_arn)) add('kms-encryption', r, 'function environment not encrypted with a customer key (kms_key_arn)');
        break;
      case 'aws_cloudwatch_metric_alarm':
      case 'aws_cloudwatch_composite_alarm': {
        const actions = v.alarm_actions;
        if (!present(actions) || (isList(actions) && (actions.length === 0 || actions.every((a) => a === null))))
          add('alarm-actions', r, 'alarm without alarm_actions: nobody would hear it');
        break;
      }
    }
  }
  return out;
}

/** The structure of a JSON policy attribute: jsonencode(...) evaluated as data, or a JSON literal. */
function policyValue(raw: string, r: EvaluatedBlock): Value {
  try {
    const node = parseTemplate(raw);
    if (node.k === 'call' && node.name === 'jsonencode' && node.args.length === 1) return evaluate(node.args[0], r.scope);
    if (node.k === 'lit' && typeof node.v === 'string') return JSON.parse(node.v) as Value;
    const v = evaluate(node, r.scope);
    return typeof v === 'string' ? (JSON.parse(v) as Value) : UNKNOWN;
  } catch (err) {
    if (err instanceof TfEvalError || err instanceof SyntaxError) return UNKNOWN;
    throw err;
  }
}

const finding = (rule: string, e: EvaluatedBlock, repoRoot: string, message: string): Finding => ({
  rule,
  file: relative(repoRoot, e.block.file),
  line: e.block.line,
  message: `${e.block.labels.join('.')}: ${message} [in ${e.instance.address}]`,
});

/**
 * A key policy that gives the account root kms:* (or any use without conditions) delegates the key
 * to every IAM policy of the account: the conditioned statements beside it then restrict nothing.
 */
function checkKeyPolicy(d: EvaluatedBlock, repoRoot: string): Finding[] {
  const out: Finding[] = [];
  // The account root's ARN is built from data sources (unknown before apply): recognise it in the source text.
  const rawStatements = Array.isArray(d.block.body.statement) ? d.block.body.statement : [];
  const rootSids = new Set(
    rawStatements
      .map((r) => (r && typeof r === 'object' && !Array.isArray(r) && /:root"/.test(JSON.stringify(r.principals ?? null)) ? r.sid : undefined))
      .filter((x) => typeof x === 'string'),
  );
  for (const s of (asList(d.value.statement ?? []) ?? []).filter(isObject)) {
    if (s.effect === 'Deny') continue;
    const label = typeof s.sid === 'string' ? `statement "${s.sid}"` : 'statement';
    const actions = (asList(s.actions ?? []) ?? []).filter((a): a is string => typeof a === 'string');
    const wild = actions.filter((a) => a === '*' || a === 'kms:*');
    if (wild.length)
      out.push(
        finding(
          'kms-key-policy',
          d,
          repoRoot,
          `${label}: ${wild.join(', ')} in a key policy (name the administrative actions; use goes through kms:ViaService)`,
        ),
      );
    const principals = (asList(s.principals ?? []) ?? []).filter(isObject);
    const root =
      rootSids.has(s.sid as string) ||
      principals.some((p) => (asList(p.identifiers ?? []) ?? []).some((i) => typeof i === 'string' && /^arn:[^:]+:iam::[^:]*:root$/.test(i)));
    const conditions = documentConditionKeys(s.condition ?? []);
    if (root && conditions !== null && conditions.length === 0)
      out.push(
        finding(
          'kms-key-policy',
          d,
          repoRoot,
          `${label}: the account root without conditions lets any IAM policy of the account use the key (add kms:ViaService, or name key administrators)`,
        ),
      );
  }
  return out;
}

/** Every bucket's policy denies uploads that ask for an encryption other than SSE-KMS. */
function checkEncryptedUploads(plan: Plan, repoRoot: string): Finding[] {
  const out: Finding[] = [];
  const docs = new Map<string, EvaluatedBlock>();
  for (const d of plan.data) if (d.block.labels[0] === 'aws_iam_policy_document') docs.set(`${d.instance.address}\u0000${d.block.labels[1]}`, d);
  const guarded = new Set<string>();
  for (const r of plan.resources) {
    if (r.block.labels[0] !== 'aws_s3_bucket_policy' || typeof r.block.body.policy !== 'string') continue;
    for (const ref of collectReferences(parseTemplate(r.block.body.policy))) {
      if (ref.root !== 'data' || ref.steps[0] !== 'aws_iam_policy_document') continue;
      const doc = docs.get(`${r.instance.address}\u0000${ref.steps[1]}`);
      const stmts = doc ? (asList(doc.value.statement ?? []) ?? []).filter(isObject) : [];
      const denies = stmts.some(
        (s) =>
          s.effect === 'Deny' &&
          (asList(s.actions ?? []) ?? []).includes('s3:PutObject') &&
          (documentConditionKeys(s.condition ?? []) ?? ['s3:x-amz-server-side-encryption']).includes('s3:x-amz-server-side-encryption'),
      );
      if (denies || !doc) guarded.add(r.instance.address);
    }
  }
  for (const r of plan.resources) {
    if (r.block.labels[0] !== 'aws_s3_bucket' || guarded.has(r.instance.address) || !r.instance.active) continue;
    out.push(finding('s3-encrypted-uploads', r, repoRoot, 'no bucket policy denying s3:PutObject with an s3:x-amz-server-side-encryption other than aws:kms'));
  }
  return out;
}
