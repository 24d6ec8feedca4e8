// aws-local-stepfunctions and pdf.js call Promise.withResolvers (Node >= 22). Lambda runs
// nodejs22.x; this keeps the same code working on the Node 20 used for local runs and CI.
// The bundled CLI's copy of scripts/polyfills.mjs (which jest and tsx scripts load).
const promise = Promise as unknown as Record<string, unknown>;
if (typeof promise.withResolvers !== 'function') {
  promise.withResolvers = function withResolvers<T>() {
    let resolve!: (value: T) => void;
    let reject!: (reason?: unknown) => void;
    const p = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise: p, resolve, reject };
  };
}
export {};
