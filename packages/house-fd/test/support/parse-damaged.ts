// Run in a child process by ptr-real.test.ts: parses a real PTR whose middle is overwritten and
// prints the result. Proves the process survives pdf.js's stray rejections (Jest would intercept them).
import { readFileSync } from 'node:fs';
import { parsePtrPdf } from '../../src/index';

const bytes = new Uint8Array(readFileSync(process.argv[2]));
bytes.fill(0x41, 2_000, bytes.length - 3_000);
const result = await parsePtrPdf(bytes, { docId: '20027933', ingestTs: '2025-12-31T00:00:00.000Z' });
await new Promise((resolve) => setTimeout(resolve, 50));
process.stdout.write(JSON.stringify(result));
