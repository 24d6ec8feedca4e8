import { appendFileSync, mkdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';

/** What SNS / EventBridge would have delivered, kept where a user can read it. */
export interface OutboxMessage {
  channel: 'sns' | 'events';
  target: string;
  subject?: string;
  message: unknown;
  at: string;
}

export interface Outbox {
  publish(msg: Omit<OutboxMessage, 'at'>): OutboxMessage;
  messages(): OutboxMessage[];
}

/** JSON-lines outbox on disk (file) or in memory (no file). */
export function createOutbox(file?: string): Outbox {
  const memory: OutboxMessage[] = [];
  return {
    publish(msg) {
      const full = { ...msg, at: new Date().toISOString() };
      memory.push(full);
      if (file) {
        mkdirSync(dirname(file), { recursive: true });
        appendFileSync(file, `${JSON.stringify(full)}\n`);
      }
      return full;
    },
    messages() {
      if (!file || !existsSync(file)) return [...memory];
      return readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as OutboxMessage);
    },
  };
}
