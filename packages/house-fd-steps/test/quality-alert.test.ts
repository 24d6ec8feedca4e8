import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOutbox, runStateMachine } from '@medallion/local';

const ASL = join(dirname(fileURLToPath(import.meta.url)), '../../../state_machines/house_fd_pipeline.json');

describe('the quality alert', () => {
  it('reaches SNS (the outbox) reading exactly as the gate wrote it: newlines, quotes and backslashes kept', async () => {
    const { States } = JSON.parse(readFileSync(ASL, 'utf8')) as { States: Record<string, Record<string, unknown>> };
    // Once "States.JsonToString($.quality)" turned "0 error\nFAIL …" into "0 errornFAIL …".
    const alert =
      'Quality gate FAIL for silver batch 1: 40 pass, 0 warn, 1 fail, 0 error\nFAIL silver_filings: every PTR has a filing date → value 1\n  {"doc_id":"20099999","note":"a \\"quoted\\" C:\\\\path"}';
    const definition = {
      StartAt: 'ValidateSilver',
      States: {
        ValidateSilver: { Type: 'Pass', Result: { passed: false, alert }, ResultPath: '$.quality', Next: 'NotifyQualityFailure' },
        NotifyQualityFailure: States.NotifyQualityFailure,
        QualityGateFailed: States.QualityGateFailed,
      },
    };
    const outbox = createOutbox();
    const run = await runStateMachine({ definition, outbox, input: {}, functions: {}, placeholders: { alerts_topic_arn: 'arn:local:alerts' } });
    expect(run.error).toBe('QualityGateFailed');
    const [message] = outbox.messages();
    expect(message.message).toBe(alert);
    expect(String(message.message)).toContain('0 error\nFAIL silver_filings');
  });
});
