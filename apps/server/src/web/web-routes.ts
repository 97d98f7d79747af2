import { readFile } from 'node:fs/promises';
import type { HttpApp } from '../platform/http/http-app.js';

const webFiles = [
  { url: '/', file: 'index.html', contentType: 'text/html; charset=utf-8' },
  { url: '/app.js', file: 'app.js', contentType: 'text/javascript; charset=utf-8' },
  { url: '/app.css', file: 'app.css', contentType: 'text/css; charset=utf-8' },
  { url: '/reset-password', file: 'reset-password.html', contentType: 'text/html; charset=utf-8' },
  {
    url: '/reset-password.js',
    file: 'reset-password.js',
    contentType: 'text/javascript; charset=utf-8',
  },
] as const;

/**
 * Serves the demo page and the page of password reset links: static files read once at start. The pages
 * hold no data; their scripts call the API.
 */
export async function registerWebRoutes(app: HttpApp): Promise<void> {
  for (const { url, file, contentType } of webFiles) {
    const content = await readFile(new URL(file, import.meta.url), 'utf8');
    app.get(url, { config: { public: true }, schema: { hide: true } }, (_request, reply) =>
      reply.type(contentType).header('cache-control', 'no-cache').send(content),
    );
  }
}
