import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { anyCustomerIdMatching } from '../../src/modules/search/index.js';
import { listTypoVariants } from '../../src/modules/search/domain/typo-variants.js';
import type { SimilarWord } from '../../src/modules/search/domain/similar-words-query.js';
import { insertCompany, type CompanyFixture } from '../support/factories/company.js';
import { aCustomer, aPersonInput } from '../support/factories/customers.js';
import { aPremise, aPremiseInput } from '../support/factories/premises.js';
import { describeEachDatabase } from '../support/test-database.js';

describeEachDatabase('search words', (database) => {
  let a: CompanyFixture;
  let b: CompanyFixture;
  let jonathan: string;

  beforeAll(async () => {
    const { db } = database();
    a = await insertCompany(db);
    b = await insertCompany(db);
    // Through the application role, as the API creates them, so the triggers run under row-level security.
    jonathan = (
      await aCustomer(
        database().forCompany(a.companyId),
        a,
        aPersonInput({ givenName: 'Jonathan', familyName: "O'Neil-Smythe" }),
      )
    ).id;
    await aPremise(database().forCompany(a.companyId), a, aPremiseInput({ addressLine1: '120 Oak Street' }));
    await aCustomer(
      database().forCompany(b.companyId),
      b,
      aPersonInput({ givenName: 'Jonathon', familyName: '50% Off_Outlet' }),
    );
  });

  async function wordsOf(company: CompanyFixture): Promise<string[]> {
    const result = await sql<{ word: string }>`
      select word from search.word order by word`.execute(database().forCompany(company.companyId));
    return result.rows.map((row) => row.word);
  }

  /** Runs search.build_words_query as the company's search functions do. */
  async function buildWordsQuery(company: CompanyFixture, words: SimilarWord[], typos: boolean) {
    return database()
      .db.transaction()
      .execute(async (trx) => {
        await sql`select set_config('cis.company_id', ${company.companyId}, true)`.execute(trx);
        const result = await sql<{ query: string }>`
          select search.build_words_query(${JSON.stringify(words)}::jsonb, ${typos}) as query`.execute(trx);
        return result.rows[0]?.query;
      });
  }

  it('keeps the words of new customers and premises', async () => {
    expect(await wordsOf(a)).toEqual(
      expect.arrayContaining(['jonathan', 'o', 'neil-smythe', 'neil', 'smythe', '120', 'oak', 'street']),
    );
  });

  it('keeps the words of a renamed customer', async () => {
    await sql`update customers.customer set display_name = 'Jonathan Smithers'
      where id = ${jonathan}::uuid`.execute(database().forCompany(a.companyId));
    expect(await wordsOf(a)).toContain('smithers');
  });

  it("shows a company none of another's words", async () => {
    const words = await wordsOf(a);
    expect(words).not.toContain('jonathon');
    expect(words).not.toContain('outlet');
  });

  it('takes a known word as typed in full', async () => {
    const query = await buildWordsQuery(
      a,
      [
        { word: 'jonathan', start: true, variants: [] },
        { word: 'smy', start: true, variants: [] },
        { word: '120', start: false, variants: [] },
      ],
      false,
    );
    expect(query).toBe("('jonathan') & ('smy':*) & ('120')");
  });

  it("allows the company's words one typo away", async () => {
    const word = 'jonathn';
    const query = await buildWordsQuery(a, [{ word, start: true, variants: listTypoVariants(word) }], true);
    expect(query).toBe("('jonathn':* | 'jonathan')");
  });

  it('rejects a list filter without a company', async () => {
    await expect(
      sql`select id from customers.customer where id = ${anyCustomerIdMatching('jon')}`.execute(
        database().db,
      ),
    ).rejects.toThrow('no company is set for the search (cis.company_id)');
  });

  it('matches LIKE wildcards in a list filter literally', async () => {
    const matching = async (company: CompanyFixture, typed: string) => {
      const result = await sql<{ id: string }>`
        select id from customers.customer where id = ${anyCustomerIdMatching(typed)}`.execute(
        database().forCompany(company.companyId),
      );
      return result.rows.length;
    };
    expect(await matching(b, '50% off')).toBe(1);
    expect(await matching(b, 'OFF_OUT')).toBe(1);
    expect(await matching(b, '50_')).toBe(0);
    expect(await matching(b, '%')).toBe(1);
    expect(await matching(a, 'off')).toBe(0);
  });
});
