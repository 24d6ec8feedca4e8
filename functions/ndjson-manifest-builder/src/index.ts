/** Placeholder so the Terraform and infra/test see this function folder; the etl branch holds the real handler. */
export const handler = async (): Promise<Record<string, never>> => ({});
