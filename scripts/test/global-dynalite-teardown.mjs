// Jest global teardown: stops the dynalite scripts/test/global-dynalite.mjs started.
export { teardown as default } from './global-dynalite.mjs';
