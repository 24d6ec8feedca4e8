// Its own module so the CLI registration (pipeline.ts) can name the states without loading the steps.
/** Top-level states `lake run congress_pipeline --from` accepts (state_machines/congress_pipeline.json). */
export const CONGRESS_RESUMABLE_STATES = ['FetchBills', 'FetchDetails', 'TransformToSilver'] as const;
