import { describe, expect, it } from '@jest/globals';
import { configurationKey, perConfiguration } from '../src/per-configuration';

describe('perConfiguration', () => {
  it('builds once per environment and keeps the most recently used ones', () => {
    let built = 0;
    const get = perConfiguration((env) => ({ n: ++built, lake: env.LAKE }), 2);
    const a = get({ LAKE: 'a' });
    expect(get({ LAKE: 'a' })).toBe(a);
    const b = get({ LAKE: 'b' });
    expect(b).not.toBe(a);
    expect(get({ LAKE: 'a' })).toBe(a); // a is now the most recent
    get({ LAKE: 'c' }); // evicts b
    expect(get({ LAKE: 'a' })).toBe(a);
    expect(get({ LAKE: 'b' })).not.toBe(b);
    expect(built).toBe(4);
  });

  it('keys on AWS_* of process.env too (SDK clients read them), not on the per-invocation trace id', () => {
    const env = { LAKE: 'a' };
    const before = configurationKey(env);
    expect(configurationKey({ ...env, _X_AMZN_TRACE_ID: 'Root=1' })).toBe(before);
    const saved = process.env.AWS_ENDPOINT_URL_S3;
    process.env.AWS_ENDPOINT_URL_S3 = 'http://127.0.0.1:1';
    try {
      expect(configurationKey(env)).not.toBe(before);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_S3;
      else process.env.AWS_ENDPOINT_URL_S3 = saved;
    }
  });
});
