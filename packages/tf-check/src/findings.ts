export interface Finding {
  /** Stable rule id, e.g. 'reference', 'iam-wildcard-resource'. */
  rule: string;
  /** Path relative to the repository root. */
  file: string;
  line: number;
  message: string;
}

export const RULES: Readonly<Record<string, string>> = {
  syntax: 'every .tf file parses',
  fmt: 'whitespace as terraform fmt writes it',
  reference: 'every var./local./module./data./resource reference resolves in its module',
  'module-output': 'every module output referenced exists in that module',
  'module-input': 'every module argument is a variable of the module, and every required variable is passed',
  'module-source': 'every local module source exists',
  'module-readme': 'every module under infra/modules has a README with current inputs/outputs tables',
  'variable-type': 'every variable has a valid type',
  'variable-description': 'every variable has a description',
  'output-description': 'every output has a description',
  duplicate: 'no block is declared twice',
  'plan-error': 'expressions evaluate without the errors terraform plan would report',
  precondition: 'lifecycle preconditions hold for the environment values',
  validation: 'variable validations hold for the environment values',
  'iam-wildcard-resource': 'no Allow statement on Resource "*" except for actions without resource scope',
  'iam-wildcard-action': 'no Allow statement with "*" or "service:*" actions, or NotAction/NotResource',
  'kms-encryption': 'every DynamoDB table, SQS queue, SNS topic, S3 bucket, log group and Lambda environment uses a KMS key',
  'alarm-actions': 'every alarm notifies someone',
  'log-retention': 'every log group has a retention',
  'asl-placeholder': 'every ${placeholder} of a state machine is filled by templatefile',
  'asl-function': 'every fn_* placeholder names a function folder',
  'not-deployed': 'every function folder and state machine is deployed by each environment',
  lambda: 'functions run the bundle from make build on nodejs22.x / x86_64 with handler index.handler',
  'env-name': 'each infra/envs/<env>.tfvars sets environment = "<env>"',
  'state-backend': 'each environment has <env>.backend.hcl with its own key, encrypt = true and use_lockfile = true',
  'asl-timeout': "every lambda:invoke Task waits at least 30 s longer than its function's timeout in every environment",
  's3-list-prefix': 's3:ListBucket is granted only with an s3:prefix condition',
  'kms-key-policy': 'no key policy statement gives kms:* or unconditioned use of the key to the account root',
  'sfn-encryption': 'every state machine is encrypted with a customer managed key (encryption_configuration)',
  's3-multipart-abort': 'every Allow of s3:PutObject also allows s3:AbortMultipartUpload (multipart uploads clean up after a failure)',
  's3-encrypted-uploads': 'every bucket policy denies PutObject with an encryption other than SSE-KMS',
};

export function formatFinding(f: Finding): string {
  return `${f.file}:${f.line}: [${f.rule}] ${f.message}`;
}

export function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    // The same module instantiated many times reports once: the first instance names it.
    const k = `${f.rule}\u0000${f.file}\u0000${f.line}\u0000${f.message.replace(/ \[in .*\]$/, '')}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
