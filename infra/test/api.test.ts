/**
 * The disclosures API's Terraform (issue 9 §6), read from each environment's evaluated plan: the
 * HTTP API's routes are exactly the router's, the $default stage throttles and writes access logs
 * to a KMS-encrypted group, the integration reaches the function through its alias (provisioned
 * concurrency only where asked for), the function reads only gold and silver, and the dashboard
 * shows latency p50/p99 and 4xx/5xx.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOUSE_FD_ROUTES } from '@medallion/api';
import { loadTfvars, type Body } from '../../packages/tf-check/src/config';
import { planRoot, type Plan } from '../../packages/tf-check/src/index';
import { REPO } from './repo-copy';

const ENVS = ['dev', 'staging', 'prod'];
const plans: Record<string, Plan> = {};
let provisioned: Plan;

const planOf = async (env: string, edit: (tfvars: Body) => Body = (t) => t) => {
  const { body } = await loadTfvars(join(REPO, 'infra', 'envs', `${env}.tfvars`));
  return (await planRoot(join(REPO, 'infra', 'envs'), REPO, undefined, { tfvars: body && edit(body), address: `infra/envs/${env}.tfvars` })).plan;
};

beforeAll(async () => {
  for (const env of ENVS) plans[env] = await planOf(env);
  provisioned = await planOf('dev', (t) => ({ ...t, api: { provisioned_concurrency: 3 } }));
});

const active = (plan: Plan, type: string) => plan.resources.filter((r) => r.block.labels[0] === type && r.instance.active);
const one = (plan: Plan, type: string) => {
  const found = active(plan, type);
  expect(found).toHaveLength(1);
  return found[0]!.value;
};

describe.each(ENVS)('%s: the HTTP API', (env) => {
  it('routes exactly the paths the router serves, all GET, to one Lambda proxy integration (payload 2.0)', () => {
    const routes = active(plans[env], 'aws_apigatewayv2_route').map((r) => r.value.route_key as string);
    expect(routes.sort()).toEqual(HOUSE_FD_ROUTES.map((r) => `GET ${r.path}`).sort());
    const integration = one(plans[env], 'aws_apigatewayv2_integration');
    expect([integration.integration_type, integration.payload_format_version]).toEqual(['AWS_PROXY', '2.0']);
    expect(one(plans[env], 'aws_apigatewayv2_api').protocol_type).toBe('HTTP');
  });

  it('throttles the $default stage and logs every request to a KMS-encrypted log group', () => {
    const stage = one(plans[env], 'aws_apigatewayv2_stage');
    const settings = (stage.default_route_settings as Record<string, unknown>[])[0]!;
    expect(Number(settings.throttling_burst_limit)).toBeGreaterThan(0);
    expect(Number(settings.throttling_rate_limit)).toBeGreaterThan(0);
    const log = (stage.access_log_settings as { format: string }[])[0]!;
    expect(Object.keys(JSON.parse(log.format))).toEqual(expect.arrayContaining(['requestId', 'routeKey', 'status', 'responseLatency', 'integrationError']));
    const group = active(plans[env], 'aws_cloudwatch_log_group').find((g) => String(g.value.name).startsWith('/aws/apigateway/'));
    expect(group?.value.kms_key_id).toBeTruthy();
  });

  it('invokes the function through its live alias; only this API may', () => {
    expect(one(plans[env], 'aws_lambda_alias').name).toBe('live');
    const permission = active(plans[env], 'aws_lambda_permission').find((p) => p.value.principal === 'apigateway.amazonaws.com')!;
    expect(permission.value.qualifier).toBe('live');
    const fn = active(plans[env], 'aws_lambda_function').find((r) => r.instance.address.includes('["api"]'))!;
    expect(fn.value.publish).toBe(true);
  });

  it('has a dashboard of its own: latency p50/p99 and 4xx/5xx (its body is known after apply: ApiId)', () => {
    const dashboard = active(plans[env], 'aws_cloudwatch_dashboard').find((d) => String(d.value.dashboard_name).endsWith('-api'));
    expect(dashboard).toBeDefined();
    const source = readFileSync(join(REPO, 'infra/modules/medallion/api.tf'), 'utf8');
    for (const needle of ['"AWS/ApiGateway", "Latency"', 'stat = "p50"', 'stat = "p99"', '"AWS/ApiGateway", "4xx"', '"AWS/ApiGateway", "5xx"'])
      expect(source).toContain(needle);
  });
});

describe('provisioned concurrency', () => {
  it('is off unless asked for (dev, staging); prod keeps 2 warm', () => {
    expect(active(plans.dev!, 'aws_lambda_provisioned_concurrency_config')).toHaveLength(0);
    expect(active(plans.staging!, 'aws_lambda_provisioned_concurrency_config')).toHaveLength(0);
    expect(one(plans.prod!, 'aws_lambda_provisioned_concurrency_config').provisioned_concurrent_executions).toBe(2);
  });

  it('api.provisioned_concurrency = N keeps N on the live alias', () => {
    const config = one(provisioned, 'aws_lambda_provisioned_concurrency_config');
    expect([config.qualifier, config.provisioned_concurrent_executions]).toEqual(['live', 3]);
  });
});
