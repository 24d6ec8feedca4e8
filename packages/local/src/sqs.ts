import type { AddressInfo } from 'node:net';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createSqsServer } from 'local-aws-sqs';

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';

export interface LocalQueueOptions {
  /** Seconds a received message stays hidden; a failed message reappears after it (default 30, as SQS). */
  visibilityTimeoutSeconds?: number;
  /** With a DLQ: receives after which SQS moves the message to `<name>-dlq` (RedrivePolicy). */
  maxReceiveCount?: number;
}

export interface LocalQueue {
  queueUrl: string;
  queueArn: string;
  /** Present when maxReceiveCount was given. */
  dlqUrl?: string;
  dlqArn?: string;
}

export interface LocalSqs {
  endpoint: string;
  client: SQSClient;
  /** For SDK clients built without options (as the functions' are). */
  env: Record<string, string>;
  /** A queue (and its DLQ `<name>-dlq` with a RedrivePolicy when maxReceiveCount is given), created through the API. */
  createQueue(name: string, options?: LocalQueueOptions): Promise<LocalQueue>;
  stop(): Promise<void>;
}

/** An SQS client for a local endpoint: fixed dummy credentials, never the user's profile. */
export function localSqsClient(endpoint: string): SQSClient {
  return new SQSClient({ endpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 3 });
}

async function queueArn(client: SQSClient, queueUrl: string): Promise<string> {
  const out = await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  const arn = out.Attributes?.QueueArn;
  if (!arn) throw new Error(`queue ${queueUrl} has no QueueArn`);
  return arn;
}

/**
 * `local-aws-sqs` in this process on a free loopback port: the JSON protocol the current SDK speaks, visibility
 * timeouts, ApproximateReceiveCount and RedrivePolicy to a DLQ after maxReceiveCount (`sqslite` answers the current
 * SDK with 415).
 */
export async function startLocalSqs(): Promise<LocalSqs> {
  const server = await createSqsServer({
    port: 0,
    hostname: '127.0.0.1',
    region: REGION,
    accountId: ACCOUNT,
    // A re-created queue (a second run in one process) must not wait AWS's 60 s.
    emulateQueueCreationLifecycle: false,
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localSqsClient(endpoint);
  return {
    endpoint,
    client,
    env: { AWS_ENDPOINT_URL_SQS: endpoint, AWS_REGION: REGION, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
    async createQueue(name, options = {}) {
      const attributes: Record<string, string> = { VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30) };
      let dlq: { dlqUrl: string; dlqArn: string } | undefined;
      if (options.maxReceiveCount !== undefined) {
        const created = await client.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
        const dlqUrl = created.QueueUrl as string;
        dlq = { dlqUrl, dlqArn: await queueArn(client, dlqUrl) };
        attributes.RedrivePolicy = JSON.stringify({ deadLetterTargetArn: dlq.dlqArn, maxReceiveCount: options.maxReceiveCount });
      }
      const created = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
      const queueUrl = created.QueueUrl as string;
      return { queueUrl, queueArn: await queueArn(client, queueUrl), ...dlq };
    },
    async stop() {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
