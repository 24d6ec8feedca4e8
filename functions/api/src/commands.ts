/**
 * `lake api serve|examples` for the API this function deploys: house_fd's routes and the congress/correlation routes
 * (correlation-steps), loaded when the command runs so `lake --help` stays light.
 */
import { apiCommands } from '@medallion/api/commands';

export const commands = apiCommands(async () => (await import('@medallion/correlation-steps')).CONGRESS_ROUTES);
