import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { repositoryRoot } from '../platform/config/repository-root.js';
import type { HttpApp } from '../platform/http/http-app.js';

/** Folder into which `npm run build` writes the back-office web app. */
export const defaultWebRoot = path.join(repositoryRoot, 'apps/web/dist');

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const staticPages = [
  { url: '/reset-password', file: 'reset-password.html', contentType: 'text/html; charset=utf-8' },
  { url: '/reset-password.js', file: 'reset-password.js', contentType: 'text/javascript; charset=utf-8' },
  { url: '/reset-password.css', file: 'reset-password.css', contentType: 'text/css; charset=utf-8' },
] as const;

// The app's files come from memory and cost next to nothing, and one page load requests a dozen of them:
// counted against the per-address API budget, an office behind one address would run out within minutes.
const webFileConfig = { public: true, rateLimit: false } as const;

const notBuiltPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Open CIS</title></head>
<body><h1>Open CIS</h1><p>The web app is not built. Run <code>npm run build</code> (or <code>npm start</code>,
which builds it), then reload. The API is at <a href="/docs">/docs</a>.</p></body></html>`;

/**
 * Serves the web app built into `webRoot`: its files by exact path, read once at start (so no request
 * path ever reaches the file system), and index.html for every other page path, where the app's router
 * takes over. Unknown API paths keep their JSON 404. Hashed assets are cached for a year.
 */
export async function registerWebRoutes(app: HttpApp, webRoot: string = defaultWebRoot): Promise<void> {
  for (const { url, file, contentType } of staticPages) {
    const content = await readFile(new URL(file, import.meta.url), 'utf8');
    app.get(url, { config: webFileConfig, schema: { hide: true } }, (_request, reply) =>
      reply.type(contentType).header('cache-control', 'no-cache').send(content),
    );
  }

  const files = await readWebFiles(webRoot);
  const index = files.get('/index.html')?.content ?? Buffer.from(notBuiltPage);
  for (const [url, file] of files) {
    if (url === '/index.html') continue;
    app.get(url, { config: webFileConfig, schema: { hide: true } }, (_request, reply) =>
      reply
        .type(file.contentType)
        .header(
          'cache-control',
          url.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        )
        .send(file.content),
    );
  }
  app.get('/*', { config: webFileConfig, schema: { hide: true } }, (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '';
    if (/^\/(v1|docs|openapi\.json|health)(\/|$)/.test(pathname) || /\.[a-z0-9]+$/i.test(pathname)) {
      return reply.callNotFound();
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(index);
  });
}

type WebFile = { content: Buffer; contentType: string };

async function readWebFiles(webRoot: string): Promise<Map<string, WebFile>> {
  const files = new Map<string, WebFile>();
  const entries = await readdir(webRoot, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const absolute = path.join(entry.parentPath, entry.name);
    const url = `/${path.relative(webRoot, absolute).split(path.sep).join('/')}`;
    const contentType = contentTypes[path.extname(entry.name)] ?? 'application/octet-stream';
    files.set(url, { content: await readFile(absolute), contentType });
  }
  return files;
}
