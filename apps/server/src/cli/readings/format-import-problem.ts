import type { ImportProblem } from '../../modules/readings/index.js';

/**
 * Formats an import problem for the terminal, naming its line once. Most messages already start with
 * "Line N:" and name the field and value, so only a message that does not mention its line gets a prefix.
 */
export function formatImportProblem(problem: ImportProblem): string {
  const mentionsLine = new RegExp(`\\bline ${problem.line}\\b`, 'i').test(problem.message);
  return mentionsLine ? problem.message : `Line ${problem.line}: ${problem.message}`;
}
