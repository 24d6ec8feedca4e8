import type { SQSEvent, SQSRecord } from 'aws-lambda';

let seq = 0;

/** An S3 ObjectCreated notification for each key, one SQS message per key (as S3 → SQS delivers them). */
export function sqsEventFor(keys: { key: string; size: number }[]): SQSEvent {
  return {
    Records: keys.map(
      ({ key, size }) =>
        ({
          messageId: `msg-${++seq}`,
          receiptHandle: `rh-${seq}`,
          body: JSON.stringify({
            Records: [
              {
                eventName: 'ObjectCreated:Put',
                s3: { bucket: { name: 'input' }, object: { key: encodeURIComponent(key).replace(/%2F/g, '/'), size, eTag: `etag-${key}` } },
              },
            ],
          }),
          attributes: {} as SQSRecord['attributes'],
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:input-events',
          awsRegion: 'us-east-1',
        }) as SQSRecord,
    ),
  };
}
