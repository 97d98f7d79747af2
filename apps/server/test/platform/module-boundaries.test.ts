import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const sourceRoot = path.resolve('apps/server/src');
const modulesRoot = path.join(sourceRoot, 'modules');

async function listSourceFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

async function relativeImports(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  return [...text.matchAll(/from '(\.[^']+)'/g)].map((match) =>
    path.resolve(path.dirname(file), match[1] ?? ''),
  );
}

function moduleOf(file: string): string | undefined {
  const relative = path.relative(modulesRoot, file);
  return relative.startsWith('..') ? undefined : relative.split(path.sep)[0];
}

describe('module boundaries', () => {
  it('modules import each other only through index.ts', async () => {
    const violations: string[] = [];
    for (const file of await listSourceFiles(modulesRoot)) {
      const owner = moduleOf(file);
      for (const target of await relativeImports(file)) {
        const targetModule = moduleOf(target);
        if (targetModule === undefined || targetModule === owner) continue;
        if (path.relative(path.join(modulesRoot, targetModule), target) !== 'index.js') {
          violations.push(`${path.relative(sourceRoot, file)} -> ${path.relative(sourceRoot, target)}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('platform code imports no module', async () => {
    const violations: string[] = [];
    for (const file of await listSourceFiles(path.join(sourceRoot, 'platform'))) {
      for (const target of await relativeImports(file)) {
        if (moduleOf(target) !== undefined)
          violations.push(`${path.relative(sourceRoot, file)} -> ${path.relative(sourceRoot, target)}`);
      }
    }
    expect(violations).toEqual([]);
  });
});
