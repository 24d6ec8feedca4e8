// @medallion/api: what the API function, UpdateCache, the CLI and route packages use.
export { createApi, type Api, type HttpEvent, type HttpResult } from './router';
export { defineRoute, notFound, ApiError, type RouteModule, type RouteContext } from './route';
export { openServing, type ServingSource } from './serving';
export { HOUSE_FD_ROUTES } from './routes/index';
export { updateServingCache, type UpdateCacheResult } from './serving-publish';
export { serveApi } from './http-server';
