/**
 * IAM actions AWS offers no resource-level scope for: the only actions a statement may grant on
 * Resource "*". Each entry says why. Everything else must name the ARNs it touches.
 */
export const UNSCOPED_ACTIONS: Readonly<Record<string, string>> = {
  'xray:PutTraceSegments': 'X-Ray trace ingestion has no resource types (active tracing of Lambda and Step Functions).',
  'xray:PutTelemetryRecords': 'X-Ray daemon telemetry has no resource types.',
  'xray:GetSamplingRules': 'Sampling rules are read account-wide by the X-Ray SDK; no resource scope.',
  'xray:GetSamplingTargets': 'Sampling targets are read account-wide by the X-Ray SDK; no resource scope.',
  'logs:CreateLogDelivery': 'Vended-log delivery for Step Functions: AWS documents Resource "*" (no resource types).',
  'logs:GetLogDelivery': 'Vended-log delivery for Step Functions: no resource types.',
  'logs:UpdateLogDelivery': 'Vended-log delivery for Step Functions: no resource types.',
  'logs:DeleteLogDelivery': 'Vended-log delivery for Step Functions: no resource types.',
  'logs:ListLogDeliveries': 'Vended-log delivery for Step Functions: no resource types.',
  'logs:PutResourcePolicy': 'Log resource policies (needed by vended-log delivery) are account-level, no resource types.',
  'logs:DescribeResourcePolicies': 'Account-level list of log resource policies, no resource types.',
  'cloudwatch:PutMetricData': 'Metric publication has no resource types (restrict with the cloudwatch:namespace condition instead).',
  'ecr:GetAuthorizationToken': 'Registry login token is account-wide, no resource types (image pulls are scoped to the repository).',
  'ec2:DescribeNetworkInterfaces': 'Describe* of EC2 has no resource types (a Lambda in a VPC lists its network interfaces; changing them is scoped).',
};

export const isUnscopedAction = (action: string): boolean => Object.hasOwn(UNSCOPED_ACTIONS, action);
