// Measures the built web app (run `npm run build` first): gzip size of the scripts and styles the first
// screen loads (the entry and its module preloads in index.html), of the largest lazy chunks, and of all.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const distDirectory = path.resolve(import.meta.dirname, '../apps/web/dist');

async function gzipKilobytes(file: string): Promise<number> {
  const content = await readFile(path.join(distDirectory, file));
  return gzipSync(content, { level: 9 }).length / 1024;
}

const html = await readFile(path.join(distDirectory, 'index.html'), 'utf8');
const firstScripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map(
  (match) => match[1] ?? '',
);
const firstStyles = [...html.matchAll(/href="\/(assets\/[^"]+\.css)"/g)].map((match) => match[1] ?? '');
const scripts = (await readdir(path.join(distDirectory, 'assets')))
  .filter((name) => name.endsWith('.js'))
  .map((name) => `assets/${name}`);

const sizes = new Map<string, number>();
for (const file of scripts) sizes.set(file, await gzipKilobytes(file));
const sum = (files: string[]) => files.reduce((total, file) => total + (sizes.get(file) ?? 0), 0);
let styles = 0;
for (const file of firstStyles) styles += await gzipKilobytes(file);

console.log(`first screen scripts: ${sum(firstScripts).toFixed(1)} KB gzip in ${firstScripts.length} files`);
console.log(`first screen styles: ${styles.toFixed(1)} KB gzip`);
console.log(`all scripts: ${sum(scripts).toFixed(1)} KB gzip in ${scripts.length} files`);
const lazy = scripts
  .filter((file) => !firstScripts.includes(file))
  .sort((left, right) => (sizes.get(right) ?? 0) - (sizes.get(left) ?? 0));
for (const file of lazy.slice(0, 5))
  console.log(`lazy ${file}: ${(sizes.get(file) ?? 0).toFixed(1)} KB gzip`);
