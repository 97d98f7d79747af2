// The queries of the search benchmark: what staff type to find a customer, built from sampled customers.

/** A customer read from the benchmark's data, with the records a search may look for. */
export type SampledCustomer = {
  customerId: string;
  displayName: string;
  familyName: string | null;
  accountId: string;
  accountNumber: string;
  email: string | null;
  phone: string;
  premiseId: string;
  addressLine1: string;
  city: string;
  servicePointId: string;
  marketId: string;
  meterId: string;
  serialNumber: string;
};

type ResultItem = { kind: string; id: string; label: string };

/** One search, with the test of whether a result item is what the person looked for. */
export type BenchQuery = { kind: string; text: string; isExpected: (item: ResultItem) => boolean };

type QueryKind = {
  kind: string;
  /** Share of the mix in percent. */
  weight: number;
  build: (customer: SampledCustomer, random: () => number) => BenchQuery['text'] | undefined;
  /**
   * Returns whether an item is what the person looked for. Many customers share a common name, so a name
   * search succeeds when it shows a customer of that name, and an address search when it shows that address.
   */
  isExpected: (customer: SampledCustomer) => BenchQuery['isExpected'];
};

const streetSuffixes = /\s+(Street|Road|Drive|Lane|Way|Court|Circle|Trail|Avenue|Place)$/;

const isCustomerNamed = (customer: SampledCustomer) => (item: ResultItem) =>
  item.kind === 'customer' && item.label === customer.displayName;
const isRecord = (kind: string, id: (customer: SampledCustomer) => string) => (customer: SampledCustomer) => {
  const expected = id(customer);
  return (item: ResultItem) => item.kind === kind && item.id === expected;
};
const isAddress = (customer: SampledCustomer) => (item: ResultItem) =>
  item.kind === 'premise' && item.label.startsWith(`${customer.addressLine1},`);

// The mix leans on what a service desk types most: names and phone numbers of callers, account numbers
// from letters, then addresses, emails and meter serials. The weights are an estimate, not a measurement.
const queryKinds: QueryKind[] = [
  { kind: 'name', weight: 10, build: (customer) => customer.displayName, isExpected: isCustomerNamed },
  {
    kind: 'name without its accents',
    weight: 2,
    build: (customer) => {
      const folded = customer.displayName.normalize('NFD').replace(/\p{M}/gu, '').replace(/ø/g, 'o');
      return folded === customer.displayName ? undefined : folded;
    },
    isExpected: isCustomerNamed,
  },
  {
    kind: 'name with a typo',
    weight: 8,
    build: (customer, random) => withTypo(customer.displayName, random),
    isExpected: isCustomerNamed,
  },
  {
    kind: 'short name word with a typo',
    weight: 4,
    build: (customer, random) => withTypoInShortWord(customer.displayName, random),
    isExpected: isCustomerNamed,
  },
  {
    kind: 'family name only',
    weight: 5,
    build: (customer) => customer.familyName ?? undefined,
    isExpected: (customer) => (item) =>
      item.kind === 'customer' && item.label.endsWith(` ${customer.familyName}`),
  },
  {
    kind: 'start of both names',
    weight: 4,
    build: (customer) => {
      const [given, family] = customer.displayName.toLowerCase().split(' ');
      return family === undefined ? undefined : `${given?.slice(0, 3)} ${family.slice(0, 4)}`;
    },
    isExpected: (customer) => {
      const [given = '', family = ''] = customer.displayName.toLowerCase().split(' ');
      return (item) => {
        const label = item.label.toLowerCase();
        return (
          item.kind === 'customer' &&
          label.startsWith(given.slice(0, 3)) &&
          label.includes(` ${family.slice(0, 4)}`)
        );
      };
    },
  },
  {
    kind: 'account number',
    weight: 15,
    build: (customer) => customer.accountNumber,
    isExpected: isRecord('account', (customer) => customer.accountId),
  },
  {
    kind: 'meter serial',
    weight: 7,
    build: (customer) => customer.serialNumber.toLowerCase(),
    isExpected: isRecord('meter', (customer) => customer.meterId),
  },
  {
    kind: 'market id',
    weight: 3,
    build: (customer) => customer.marketId,
    isExpected: isRecord('service-point', (customer) => customer.servicePointId),
  },
  {
    kind: 'email',
    weight: 7,
    build: (customer) => customer.email?.toLowerCase(),
    isExpected: isRecord('customer', (customer) => customer.customerId),
  },
  {
    kind: 'phone',
    weight: 15,
    build: (customer) => reformatPhone(customer.phone),
    isExpected: isRecord('customer', (customer) => customer.customerId),
  },
  {
    kind: 'house number and street',
    weight: 11,
    build: (customer) => customer.addressLine1.replace(streetSuffixes, '').toLowerCase(),
    isExpected: isAddress,
  },
  {
    kind: 'street and city',
    weight: 4,
    build: (customer) =>
      `${customer.addressLine1.replace(/^\d+\s+/, '').replace(streetSuffixes, '')} ${customer.city}`.toLowerCase(),
    isExpected: (customer) => {
      const street = customer.addressLine1.replace(/^\d+\s+/, '').replace(streetSuffixes, '');
      return (item) =>
        item.kind === 'premise' && item.label.includes(` ${street} `) && item.label.includes(customer.city);
    },
  },
  {
    kind: 'address with a typo',
    weight: 3,
    build: (customer, random) => withTypo(customer.addressLine1.replace(streetSuffixes, ''), random),
    isExpected: isAddress,
  },
  {
    kind: 'house number with a typo',
    weight: 2,
    build: (customer, random) => {
      const [number = '', ...street] = customer.addressLine1.split(' ');
      const typed = withNumberTypo(number, random);
      return typed === undefined ? undefined : [typed, ...street].join(' ').toLowerCase();
    },
    isExpected: isAddress,
  },
];

/**
 * Builds `count` queries in the proportions of the mix, drawing customers in order and building a query
 * of each kind from the next customer that has the field it needs.
 */
export function buildQueryMix(customers: SampledCustomer[], count: number): BenchQuery[] {
  let state = 0x9e3779b9;
  // xorshift32 for the typos, so that every run searches for the same texts.
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
  const queries: BenchQuery[] = [];
  let next = 0;
  for (const kind of queryKinds) {
    const queriesOfKind = Math.round((count * kind.weight) / 100);
    for (let built = 0; built < queriesOfKind && next < customers.length; next += 1) {
      const customer = customers[next]!;
      const text = kind.build(customer, random);
      if (text === undefined || text.trim().length < 2) continue;
      queries.push({ kind: kind.kind, text, isExpected: kind.isExpected(customer) });
      built += 1;
    }
  }
  // Interleaves the kinds, so that the caches see a mix rather than one kind at a time.
  return queries
    .map((query, index) => ({ query, order: (index * 7919) % queries.length }))
    .sort((left, right) => left.order - right.order)
    .map(({ query }) => query);
}

/**
 * Makes one typing mistake in the longest word: a wrong, missing, doubled or swapped letter, never in the
 * first letter (people rarely get that wrong).
 */
export function withTypo(text: string, random: () => number): string {
  const words = text.split(' ');
  const longest = words.reduce((best, word, index) => (word.length > words[best]!.length ? index : best), 0);
  const word = words[longest]!;
  if (word.length < 4) return text;
  words[longest] = misspell(word, random);
  return words.join(' ');
}

/**
 * Makes one typing mistake, as withTypo does, in the first word of 3 to 6 letters ("Jonh Smith", "Lee
 * Smyth"). Returns undefined when the text has no such word.
 */
export function withTypoInShortWord(text: string, random: () => number): string | undefined {
  const words = text.split(' ');
  const short = words.findIndex((word) => /^\p{L}{3,6}$/u.test(word));
  if (short < 0) return undefined;
  words[short] = misspell(words[short]!, random);
  return words.join(' ');
}

// A wrong, missing, doubled or swapped letter after the first. A 3-letter word keeps all its letters,
// because the search corrects no word of 2 letters. A swap of two equal letters would change nothing.
function misspell(word: string, random: () => number): string {
  const at = 1 + Math.floor(random() * (word.length - 2));
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let other = letters[Math.floor(random() * letters.length)]!;
  if (other === word[at]) other = other === 'z' ? 'a' : letters[letters.indexOf(other) + 1]!;
  const edits = [
    word.slice(0, at) + other + word.slice(at + 1),
    word.slice(0, at) + word.slice(at + 1),
    word.slice(0, at) + word[at] + word.slice(at),
    word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2),
  ];
  const usable = edits.filter((edit, index) => edit !== word && !(word.length === 3 && index === 1));
  return usable[Math.floor(random() * usable.length)]!;
}

/**
 * Makes one typing mistake in a house number: a wrong, missing or doubled digit, or two neighbouring
 * digits swapped ("21" for "12"), anywhere in the number. Returns undefined for a number of one digit.
 */
export function withNumberTypo(number: string, random: () => number): string | undefined {
  if (!/^[0-9]{2,}$/.test(number)) return undefined;
  const at = Math.floor(random() * number.length);
  const digit = String((Number(number[at]) + 1 + Math.floor(random() * 9)) % 10);
  const swapAt = Math.min(at, number.length - 2);
  const edits = [
    number.slice(0, at) + digit + number.slice(at + 1),
    number.slice(0, at) + number.slice(at + 1),
    number.slice(0, at) + number[at] + number.slice(at),
    number.slice(0, swapAt) + number[swapAt + 1] + number[swapAt] + number.slice(swapAt + 2),
  ];
  const typed = edits[Math.floor(random() * edits.length)]!;
  // A swap of equal digits, or a leading zero, is no typo that a search could tell apart.
  return typed === number || typed.startsWith('0') ? undefined : typed;
}

/** Writes the stored number's last ten digits the way a caller reads them out: (706) 555-0143. */
function reformatPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '').slice(-10);
  return `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`;
}
