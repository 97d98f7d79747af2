import { readdir, readFile } from 'node:fs/promises';

/**
 * Sums the CPU time, in seconds, of this machine's processes named postgres, from /proc. With `database`,
 * it counts only the backends connected to that database, whose command line names it, so other
 * clients of the same server are left out. It measures the database server only when that server runs
 * on this machine, and reads 0 where /proc is missing.
 */
export async function serverCpuSeconds(database?: string): Promise<number> {
  const ticksPerSecond = 100; // USER_HZ, the unit of /proc CPU times on Linux
  let ticks = 0;
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    let commandLine = '';
    try {
      stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      if (database !== undefined) commandLine = await readFile(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    if (!name.startsWith('postgres')) continue;
    // A backend's command line reads "postgres: USER DATABASE HOST(PORT) STATE".
    if (database !== undefined && !commandLine.split(' ').includes(database)) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / ticksPerSecond;
}
