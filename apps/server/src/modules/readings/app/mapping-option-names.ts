/**
 * Spelling of the mapping options in messages: the API's body fields (`servicePointId`,
 * `marketIds`) or the command line's flags (`--service-point`, `--map`).
 */
export type MappingOptionSyntax = 'api' | 'cli';

export function servicePointOptionName(syntax: MappingOptionSyntax): string {
  return syntax === 'cli' ? '--service-point' : 'servicePointId';
}

export function marketIdsOptionName(syntax: MappingOptionSyntax): string {
  return syntax === 'cli' ? '--map' : 'marketIds';
}

/** Returns an example mapping of the source `key` to a market id, written as the caller writes it. */
export function marketIdMappingExample(syntax: MappingOptionSyntax, key: string): string {
  return syntax === 'cli' ? `--map ${key}=<market id>` : `marketIds {${JSON.stringify(key)}: "<market id>"}`;
}
