// asl-validator ships no types for its default export; validate.ts narrows it.
declare module 'asl-validator' {
  const validator: unknown;
  export default validator;
}
