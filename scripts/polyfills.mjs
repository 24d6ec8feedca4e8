// aws-local-stepfunctions and pdf.js call Promise.withResolvers (Node >= 22). Lambda runs
// nodejs22.x; this keeps the same code working on the Node 20 used for local runs and CI.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve, reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
