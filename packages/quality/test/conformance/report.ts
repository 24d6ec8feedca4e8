/** `npx tsx --import ./scripts/polyfills.mjs packages/quality/test/conformance/report.ts`: print the conformance report. */
import { formatReport, runConformance } from './runner';

runConformance().then((r) => console.log(formatReport(r)));
