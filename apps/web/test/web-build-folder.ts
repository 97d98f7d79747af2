import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- declaration merging needs an interface
  export interface ProvidedContext {
    webBuildFolder: string;
  }
}

/**
 * Names the folder the browser tests share for one build of the web app in this run (see
 * buildWebAppOnce). Nothing is built here, so a run without browser tests pays nothing for it.
 */
export function setup(project: TestProject): () => Promise<void> {
  const folder = path.join(tmpdir(), `cis-web-build-${process.pid}`);
  project.provide('webBuildFolder', folder);
  return async () => {
    await rm(folder, { recursive: true, force: true });
    for (const suffix of ['.lock', '.built', '.failed']) {
      await rm(`${folder}${suffix}`, { recursive: true, force: true });
    }
  };
}
