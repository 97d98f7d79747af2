/**
 * The substitution tables S1 and S2 and the permutation table P of EA07, the Standard Transfer Algorithm
 * (IEC 62055-41). S1 and S2 map a nibble to a nibble; bit i of a substituted block moves to bit P[i]
 * (bit 0 is the least significant).
 */
export type StaTables = {
  readonly firstSubstitution: readonly number[];
  readonly secondSubstitution: readonly number[];
  readonly permutation: readonly number[];
};

/** Fault that makes a set of STA tables unusable, with the table concerned. */
export type StaTablesProblem = { table: 'S1' | 'S2' | 'P'; problem: string };

/**
 * Checks that S1 and S2 are permutations of 0 to 15 and P a permutation of 0 to 63; otherwise a token
 * made with them could not be decrypted. Returns the problems found (none when the tables are usable).
 */
export function findStaTablesProblems(tables: StaTables): StaTablesProblem[] {
  const problems: StaTablesProblem[] = [];
  const check = (table: StaTablesProblem['table'], values: readonly number[], size: number) => {
    const problem = describeNonPermutation(values, size);
    if (problem) problems.push({ table, problem });
  };
  check('S1', tables.firstSubstitution, 16);
  check('S2', tables.secondSubstitution, 16);
  check('P', tables.permutation, 64);
  return problems;
}

function describeNonPermutation(values: readonly number[], size: number): string | undefined {
  if (values.length !== size) return `has ${values.length} values; it needs ${size}`;
  const seen = new Set<number>();
  for (const value of values) {
    if (!Number.isInteger(value) || value < 0 || value >= size) {
      return `contains ${String(value)}; every value must be an integer from 0 to ${size - 1}`;
    }
    if (seen.has(value)) return `contains ${value} twice; every value from 0 to ${size - 1} must appear once`;
    seen.add(value);
  }
  return undefined;
}
