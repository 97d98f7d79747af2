import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { foldText } from '../../src/modules/search/domain/fold-text.js';
import { describeEachDatabase } from '../support/test-database.js';

const names = [
  'José Núñez',
  'MARÍA PEÑA IBÁÑEZ',
  'Straße Müller',
  'Søren Ærø',
  'Łódź Œuvre',
  'Đorđe Þór Ðan',
  'Çağlar Ħal Ŧom ı',
  "O'Neil-Smith 12",
];

describeEachDatabase('foldText', (database) => {
  it.each(names)('folds %s as search.fold does', async (name) => {
    const folded = await sql<{ folded: string }>`select search.fold(${name}) as folded`.execute(
      database().db,
    );
    expect(foldText(name)).toBe(folded.rows[0]?.folded);
  });
});
