// The `lake` process entry (bundled by bin/bundle.mjs): polyfills first, then the command line.
import './polyfills';
import { main } from './cli';

process.exitCode = await main(process.argv.slice(2));
