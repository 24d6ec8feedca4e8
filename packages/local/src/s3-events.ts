import { randomUUID } from 'node:crypto';
import type { S3Event, S3EventRecord } from 'aws-lambda';

/** An object as it landed in the bucket. */
export interface LandedObject {
  key: string;
  size: number;
  etag?: string;
  /** Default: now. */
  eventTime?: Date;
  /** Default 'ObjectCreated:Put'. */
  eventName?: string;
}

/**
 * How S3 writes a key into an event notification: URL form encoding (space → '+', '=' → '%3D'…) with '/' kept.
 * A consumer must decode it (`decodeURIComponent(key.replace(/\+/g, ' '))`); writing it encoded here keeps the local
 * path honest about that.
 */
export function s3NotificationKey(key: string): string {
  return new URLSearchParams({ k: key }).toString().slice(2).replace(/%2F/g, '/');
}

let sequence = 0;

function eventRecord(bucket: string, object: LandedObject, region: string): S3EventRecord {
  sequence += 1;
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: region,
    eventTime: (object.eventTime ?? new Date()).toISOString(),
    eventName: (object.eventName ?? 'ObjectCreated:Put') as S3EventRecord['eventName'],
    userIdentity: { principalId: 'AWS:LOCAL' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': randomUUID(), 'x-amz-id-2': randomUUID() },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'local-input-notification',
      bucket: { name: bucket, ownerIdentity: { principalId: 'LOCAL' }, arn: `arn:aws:s3:::${bucket}` },
      object: {
        key: s3NotificationKey(object.key),
        size: object.size,
        eTag: object.etag ?? '',
        // Increasing per object event, as S3's (hex, compared as strings of equal length).
        sequencer: sequence.toString(16).toUpperCase().padStart(18, '0'),
      },
    },
  };
}

/**
 * The SQS message bodies S3 delivers for these objects: one `{"Records":[…]}` notification per object event
 * (S3 never batches events of different objects into one message).
 */
export function s3EventRecords(bucket: string, objects: LandedObject[], region = 'us-east-1'): string[] {
  return objects.map((o) => JSON.stringify({ Records: [eventRecord(bucket, o, region)] } satisfies S3Event));
}

/** The body S3 sends once when a notification is configured: no Records; a consumer must skip it, not fail on it. */
export function s3TestEventBody(bucket: string, at = new Date()): string {
  return JSON.stringify({
    Service: 'Amazon S3',
    Event: 's3:TestEvent',
    Time: at.toISOString(),
    Bucket: bucket,
    RequestId: randomUUID(),
    HostId: randomUUID(),
  });
}
