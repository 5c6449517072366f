// The OpenAPI 3.1 description of the API, made from the same route table the router uses.
import type { Route } from './api.ts';

export function openApi(routes: Route[]): object {
  const paths: Record<string, Record<string, object>> = {
    '/api/login': { post: { summary: 'sign in; sets the session cookie and returns the CSRF token', security: [], responses: { '200': { description: 'signed in' }, '401': { description: 'wrong name or password' } } } },
    '/api/logout': { post: { summary: 'sign out', responses: { '200': { description: 'signed out' } } } },
  };
  for (const r of routes) {
    const path = r.path.replace(/:([a-z]+)/g, '{$1}');
    const params = [...r.path.matchAll(/:([a-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    (paths[path] ??= {})[r.method.toLowerCase()] = {
      summary: r.summary,
      parameters: params,
      'x-vigil-permission': r.permission,
      responses: { '200': { description: 'ok' }, '401': { description: 'not signed in' }, '403': { description: 'the role may not' } },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'vigil console API', version: '0.1.0' },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'vigil_session' },
        token: { type: 'http', scheme: 'bearer' },
      },
    },
    security: [{ session: [] }, { token: [] }],
    paths,
  };
}
