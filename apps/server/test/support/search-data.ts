// Data for the search benchmark and the search plan tests: N customers of one company. Each has one or
// two accounts and a premise with an electricity and sometimes a gas service point. Each service point
// has a meter, and agreements tie them together. Names, addresses and contacts follow skewed
// distributions, so that common names and streets are frequent, as in a real customer base. The most
// common family name belongs to about 1 % of customers, beside a long tail of rare names.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../src/platform/context/request-context.js';
import { insertCompany } from './factories/company.js';
import { insertTariff } from './factories/metered-account.js';

/** Splits a comma-separated list written across lines; an item may wrap onto the next line. */
function list(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.replace(/\s+/g, ' ').trim())
    .filter((item) => item !== '');
}

const givenNames = list(`
  James, Mary, Robert, Patricia, John, Jennifer, Michael, Linda, David, Elizabeth, William, Barbara,
  Richard, Susan, Joseph, Jessica, Thomas, Sarah, Christopher, Karen, Charles, Lisa, Daniel, Nancy,
  Matthew, Betty, Anthony, Margaret, Mark, Sandra, Donald, Ashley, Steven, Kimberly, Paul, Emily,
  Andrew, Donna, Joshua, Michelle, Kenneth, Carol, Kevin, Amanda, Brian, Dorothy, George, Melissa,
  Timothy, Deborah, Ronald, Stephanie, Edward, Rebecca, Jason, Sharon, Jeffrey, Laura, Ryan, Cynthia,
  Jacob, Kathleen, Gary, Amy, Nicholas, Angela, Eric, Shirley, Jonathan, Anna, Stephen, Brenda, Larry,
  Pamela, Justin, Emma, Scott, Nicole, Brandon, Helen, Benjamin, Samantha, Samuel, Katherine, Gregory,
  Christine, Alexander, Debra, Frank, Rachel, Patrick, Carolyn, Raymond, Janet, Jack, Catherine,
  Dennis, Maria, Jerry, Heather, Tyler, Diane, Aaron, Ruth, Jose, Julie, Adam, Olivia, Nathan, Joyce,
  Henry, Virginia, Douglas, Victoria, Zachary, Kelly, Peter, Lauren, Kyle, Christina, Luis, Rosa,
  Andre, Keisha, Tran, Mei, Darnell, Latoya, Wade, Loretta, Ahmed, Fatima, Juan, Carmen, Wei, Priya,
  Dmitri, Olga, Kwame, Amara, Hiroshi, Yuki, José, María, Andrés, Inés
`);

const commonFamilyNames = list(`
  Smith, Johnson, Williams, Brown, Jones, Garcia, Miller, Davis, Rodriguez, Martinez, Hernandez,
  Lopez, Gonzalez, Wilson, Anderson, Thomas, Taylor, Moore, Jackson, Martin, Lee, Perez, Thompson,
  White, Harris, Sanchez, Clark, Ramirez, Lewis, Robinson, Walker, Young, Allen, King, Wright, Scott,
  Torres, Nguyen, Hill, Flores, Green, Adams, Nelson, Baker, Hall, Rivera, Campbell, Mitchell, Carter,
  Roberts, Gomez, Phillips, Evans, Turner, Diaz, Parker, Cruz, Edwards, Collins, Reyes, Stewart,
  Morris, Morales, Murphy, Cook, Rogers, Gutierrez, Ortiz, Morgan, Cooper, Peterson, Bailey, Reed,
  Kelly, Howard, Ramos, Kim, Cox, Ward, Richardson, Watson, Brooks, Chavez, Wood, James, Bennett,
  Gray, Mendoza, Ruiz, Hughes, Price, Alvarez, Castillo, Sanders, Patel, Myers, Long, Ross, Foster,
  Jimenez, Powell, Jenkins, Perry, Russell, Sullivan, Bell, Coleman, Butler, Henderson, Barnes,
  Gonzales, Fisher, Vasquez, Simmons, Romero, Jordan, Patterson, Alexander, Hamilton, Graham,
  Reynolds, Griffin, Wallace, Moreno, West, Cole, Hayes, Bryant, Herrera, Gibson, Ellis, Tran, Medina,
  Aguilar, Stevens, Murray, Ford, Castro, Marshall, Owens, O'Neil, McDonald, Dubois, Okafor, Kowalski,
  Schmidt, Rossi, Novak, Yamamoto, Núñez, Muñoz, Peña, Ibáñez, Fernández, Müller, Sørensen
`);

// Rare family names are built from three parts, which gives about 7,000 names of varying frequency.
const familyNameStarts = list(`
  Ab, Bar, Bel, Bran, Cal, Cor, Dal, Dun, El, Fair, Gal, Har, Hol, Kel, Lan, Mar, Mel, Nor, Os, Pem,
  Quin, Rad, Ros, Sel, Stan, Tal, Ver, Wes, Wil, Yar
`);
const familyNameMiddles = list(`
  a, e, i, o, bri, den, ford, gar, ham, kin, lan, mor, ner, ring, sing, ter, ton, vi, wick, ley
`);
const familyNameEnds = ['', 'son', 'ton', 'ley', 'man', 'er', 'ski', 'berg', 'stein', 'field', 'worth', 'ez'];

const organisationWords = list(`
  Oconee, Peach, Magnolia, Red Clay, Blue Ridge, Piedmont, Harvest, Summit, Riverbend, Pinecrest,
  Hillside, Lakeview, Cornerstone, Heritage, Liberty, Pioneer, Sunrise
`);
const organisationKinds = list(`
  Farms, Dental Clinic, Hardware, Bakery, Auto Repair, Church, Elementary School, Diner, Storage,
  Veterinary Hospital, Feed & Seed, Apartments, Motel, Pharmacy, Printing
`);
const organisationSuffixes = ['LLC', 'Inc', 'Co', ''];

const streetNames = list(`
  Oak, Maple, Cedar, Pine, Elm, Walnut, Hickory, Chestnut, Magnolia, Dogwood, Willow, Poplar, Birch,
  Sycamore, Holly, Laurel, Mill, Church, Lake, Ridge, Spring, Meadow, Valley, Forest, River, Creek,
  Hill, Park, Main, Broad, Market, Washington, Jefferson, Madison, Lincoln, Jackson, Franklin, Monroe,
  Hancock, Greene, Old Mill, Oak Ridge, Pine Valley, Cedar Creek, Mill Creek, Spring Hill, Lake
  Forest, Indian Trail, Cherokee, Apalachee, Mulberry, Peachtree, Brookside, Fox Run, Deer Run, Quail
  Hollow, Stone Mountain, Bethlehem, Harmony, Hog Mountain, Winder, Athens, Gainesville, Jefferson
  Mill, Highway 124, Highway 82, Tanners Bridge, Rock Springs
`);
const streetSuffixes = list(`
  Street, Road, Drive, Lane, Way, Court, Circle, Trail, Avenue, Place
`);

const cities = list(`
  Jefferson, Commerce, Winder, Braselton, Hoschton, Statham, Athens, Watkinsville, Bogart,
  Danielsville, Gainesville, Buford, Dacula, Auburn, Monroe, Lawrenceville, Madison, Crawford, Comer,
  Colbert, Nicholson, Maysville, Arcade, Pendergrass, Talmo, Flowery Branch, Oakwood, Lula, Homer,
  Banks Crossing, Carnesville, Royston
`);

const areaCodes = ['706', '770', '678', '404', '470', '762', '912', '229', '478', '912'];
const emailDomains = ['example.com', 'example.net', 'example.org', 'mail.example.com', 'post.example.net'];

/**
 * Picks a list element in SQL with a skewed distribution: index = floor(length × random()^1.3), so the
 * first element of a list of 140 comes up about 2 % of the time and the last about 0.5 %.
 */
function pickSkewed(list: string[]) {
  return sql<string>`(${list}::text[])[1 + floor(${list.length} * power(random(), 1.3))::int]`;
}

/**
 * A UUID derived from `seed`, with the version and variant bits of a version 4 UUID, so that the
 * benchmark can find a record again by its seed ("customer n has the id seededUuid('c' || n)").
 */
export function seededUuid(seed: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`overlay(overlay(md5(${seed}) placing '4' from 13) placing '8' from 17)::uuid`;
}

function pickUniform(list: string[]) {
  return sql<string>`(${list}::text[])[1 + floor(${list.length} * random())::int]`;
}

/** Creates a company with a bill cycle and tariff, and `count` customers with their records; returns its id. */
export async function seedSearchData(db: Db, count: number): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await sql`select setseed(0.4242)`.execute(trx);
    const company = await insertCompany(trx);
    const tariffId = await insertTariff(trx, company.companyId);
    await insertCustomers(trx, company.companyId, count);
    await insertContacts(trx, company.companyId);
    await insertAccounts(trx, company.companyId, company.billCycleId);
    await insertPremisesAndMeters(trx, company.companyId, tariffId);
    return company.companyId;
  });
}

// Customer n has the id seededUuid('c' || n); 4 % are organisations, the rest persons.
async function insertCustomers(db: Db, companyId: string, count: number): Promise<void> {
  const familyName = sql<string>`case when random() < 0.5 then ${pickSkewed(commonFamilyNames)}
    else ${pickSkewed(familyNameStarts)} || ${pickSkewed(familyNameMiddles)} || ${pickSkewed(familyNameEnds)} end`;
  await sql`
    insert into customers.customer
      (company_id, id, kind, display_name, given_name, family_name, organisation_name)
    select ${companyId}::uuid, ${seededUuid(sql`'c' || n`)}, kind,
      case when kind = 'person' then given || ' ' || family else organisation end,
      case when kind = 'person' then given end, case when kind = 'person' then family end,
      case when kind = 'organisation' then organisation end
    from (
      select n, case when random() < 0.04 then 'organisation' else 'person' end as kind,
        ${pickSkewed(givenNames)} as given, ${familyName} as family,
        trim(${pickUniform(organisationWords)} || ' ' || ${pickUniform(organisationKinds)} || ' '
          || ${pickUniform(organisationSuffixes)}) as organisation
      from generate_series(1, ${count}) n
    ) drafted`.execute(db);
}

// Every customer has a phone number in one of four common formats; 70 % also have an email address built
// from their name (one in ten capitalised as people type them), and 30 % a second, mobile number.
async function insertContacts(db: Db, companyId: string): Promise<void> {
  const number = sql<string>`${pickUniform(areaCodes)} || lpad((2000000 + floor(random() * 7999999))::text, 7, '0')`;
  await sql`
    insert into customers.customer_contact (company_id, customer_id, kind, value, is_primary)
    select ${companyId}::uuid, id, kind, case n
        when 0 then '+1 ' || substr(digits, 1, 3) || ' ' || substr(digits, 4, 3) || ' ' || substr(digits, 7)
        when 1 then '(' || substr(digits, 1, 3) || ') ' || substr(digits, 4, 3) || '-' || substr(digits, 7)
        when 2 then substr(digits, 1, 3) || '-' || substr(digits, 4, 3) || '-' || substr(digits, 7)
        else digits end, primary_contact
    from (
      select c.id, floor(random() * 4)::int as n, c.kind, c.primary_contact, ${number} as digits
      from (
        select id, 'phone' as kind, true as primary_contact from customers.customer
        where company_id = ${companyId}::uuid
        union all
        select id, 'mobile', false from customers.customer
        where company_id = ${companyId}::uuid and random() < 0.3
      ) c
    ) phones`.execute(db);
  await sql`
    insert into customers.customer_contact (company_id, customer_id, kind, value, is_primary)
    select ${companyId}::uuid, id, 'email',
      case when random() < 0.1 then initcap(local) else local end || '@' || ${pickUniform(emailDomains)}, true
    from (
      select id, lower(regexp_replace(display_name, '[^A-Za-z]+', '.', 'g'))
        || (floor(random() * 1000))::int as local
      from customers.customer
      where company_id = ${companyId}::uuid and random() < 0.7
    ) named`.execute(db);
}

// One account per customer and a second for 3 % of them; numbers are ten digits, in creation order.
async function insertAccounts(db: Db, companyId: string, billCycleId: string): Promise<void> {
  await sql`
    insert into customers.account (company_id, id, account_number, customer_id, bill_cycle_id)
    select ${companyId}::uuid, ${seededUuid(sql`'a' || position`)}, (3000000000 + position * 7)::text, customer_id,
      ${billCycleId}::uuid
    from (
      select id as customer_id, row_number() over (order by id, copy) as position
      from (
        select id, 1 as copy from customers.customer where company_id = ${companyId}::uuid
        union all
        select id, 2 from customers.customer where company_id = ${companyId}::uuid and random() < 0.03
      ) copies
    ) numbered`.execute(db);
}

// One premise per account (its id derived from the account's), an electricity service point at each and
// a gas one at 35 %, one meter at each service point, and an agreement of each service point with the
// premise's account. House numbers run from 1 to 9999, low ones more often. Market ids are 13 digits for
// electricity and 10 for gas, unique by construction.
async function insertPremisesAndMeters(db: Db, companyId: string, tariffId: string): Promise<void> {
  await sql`
    insert into premises.premise (company_id, id, address_line1, address_line2, city, postal_code, country)
    select ${companyId}::uuid, ${seededUuid(sql`a.id::text || 'premise'`)}, (1 + floor(9998 * power(random(), 1.3)))::int
        || ' ' || ${pickSkewed(streetNames)} || ' ' || ${pickSkewed(streetSuffixes)},
      case when random() < 0.12 then 'Apt ' || (1 + floor(random() * 40))::int end, city,
      (30500 + array_position(${cities}::text[], city))::text, 'US'
    from (select a.id, ${pickSkewed(cities)} as city from customers.account a
          where a.company_id = ${companyId}::uuid) a`.execute(db);
  await sql`
    insert into premises.service_point (company_id, id, premise_id, service, market_id)
    select ${companyId}::uuid, ${seededUuid(sql`premise_id::text || service`)}, premise_id, service,
      case service when 'electricity' then '19' || lpad((position * 104729 % 100000000000)::text, 11, '0')
        else lpad((position * 7919 % 10000000000)::text, 10, '0') end
    from (
      select p.id as premise_id, p.service, row_number() over (partition by p.service order by p.id) as position
      from (
        select id, 'electricity' as service from premises.premise where company_id = ${companyId}::uuid
        union all
        select id, 'gas' from premises.premise where company_id = ${companyId}::uuid and random() < 0.35
      ) p
    ) points`.execute(db);
  await sql`
    insert into devices.meter (company_id, id, serial_number, service, status)
    select ${companyId}::uuid, ${seededUuid(sql`sp.id::text || 'meter'`)}, case sp.service
        when 'electricity' then (array['LG', 'IT', 'EL', 'SN'])[1 + floor(random() * 4)::int]
        else (array['GM', 'EK'])[1 + floor(random() * 2)::int] end
        || lpad((row_number() over (order by sp.id))::text, 8, '0'), sp.service, 'installed'
    from premises.service_point sp where sp.company_id = ${companyId}::uuid`.execute(db);
  await sql`
    insert into devices.meter_installation (company_id, meter_id, service_point_id, installed_on)
    select ${companyId}::uuid, ${seededUuid(sql`sp.id::text || 'meter'`)}, sp.id, date '2024-01-01'
    from premises.service_point sp where sp.company_id = ${companyId}::uuid`.execute(db);
  await sql`
    insert into agreements.service_agreement (company_id, account_id, service_point_id, tariff_id, start_on)
    select ${companyId}::uuid, a.id, sp.id, ${tariffId}::uuid, date '2024-01-01'
    from premises.service_point sp
    join customers.account a
      on a.company_id = sp.company_id and ${seededUuid(sql`a.id::text || 'premise'`)} = sp.premise_id
    where sp.company_id = ${companyId}::uuid`.execute(db);
}
