import { readFile, stat } from 'node:fs/promises';

/**
 * Checks that the file given to a command-line option can be read, so that a mistyped path is reported
 * with the option that named it (`--tariff: file nope.json not found`) instead of a bare ENOENT.
 */
export async function assertOptionFile(option: string, path: string): Promise<void> {
  try {
    const stats = await stat(path);
    if (stats.isDirectory()) throw new Error(`${option}: ${path} is a directory; give a file.`);
  } catch (error) {
    throw describeFileError(option, path, error);
  }
}

/** Reads the UTF-8 text of the file given to a command-line option. */
export async function readOptionFile(option: string, path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw describeFileError(option, path, error);
  }
}

function describeFileError(option: string, path: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new Error(`${option}: file ${path} not found.`, { cause: error });
  if (code === 'EACCES')
    return new Error(`${option}: file ${path} cannot be read (permission denied).`, { cause: error });
  if (code === 'EISDIR')
    return new Error(`${option}: ${path} is a directory; give a file.`, { cause: error });
  return error;
}
