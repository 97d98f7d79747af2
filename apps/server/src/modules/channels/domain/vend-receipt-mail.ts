import { formatMinorUnits } from '@open-cis/rating';
import { escapeHtml } from './escape-html.js';
import type { MailMessage } from './mail-message.js';
import { mailLanguageFor, type MailLanguage } from './mail-templates.js';

export type TokenPurpose = 'key-change' | 'credit' | 'free-units';

/** The service a prepaid meter sells, which names the receipt. */
export type PrepaidServiceName = 'electricity' | 'gas' | 'water';

/** The content of a prepaid receipt mail: the sale as the printed receipt shows it, and its tokens in order. */
export type VendReceiptMailValues = {
  recipient: string;
  companyName: string;
  /** BCP 47 locale and IANA time zone that the amounts and the time of sale are written in. */
  locale: string;
  timeZone: string;
  /** The agent and outlet that sold it, or null for a sale by the utility itself. */
  seller: string | null;
  pan: string;
  issuedAt: Date;
  transactionReference: string;
  currency: string;
  /** ISO 4217 exponent of the currency. */
  currencyMinorUnit: number;
  tenderedMinor: bigint;
  service: PrepaidServiceName;
  units: string;
  freeUnits: string;
  /** kWh or m3, as the vend stores it; m3 is written m³. */
  unit: string;
  tokens: { purpose: TokenPurpose; units: string; token: string }[];
};

type ReceiptText = {
  subject: (company: string, service: PrepaidServiceName) => string;
  heading: (service: PrepaidServiceName) => string;
  intro: (company: string, service: PrepaidServiceName) => string;
  soldBy: string;
  meterNumber: string;
  issuedAt: string;
  reference: string;
  amountPaid: string;
  unitsBought: string;
  freeUnits: string;
  tokens: string;
  tokensHint: string;
  purposes: Record<TokenPurpose, string>;
  keep: string;
};

const spanishServices: Record<PrepaidServiceName, string> = {
  electricity: 'electricidad',
  gas: 'gas',
  water: 'agua',
};

const receiptTexts: Record<MailLanguage, ReceiptText> = {
  en: {
    subject: (company, service) => `Your ${company} prepaid ${service} receipt`,
    heading: (service) => `Prepaid ${service} receipt`,
    intro: (company, service) => `Here is the receipt of your prepaid ${service} purchase from ${company}.`,
    soldBy: 'Sold by',
    meterNumber: 'Meter number',
    issuedAt: 'Sold at',
    reference: 'Reference',
    amountPaid: 'Amount paid',
    unitsBought: 'Units bought',
    freeUnits: 'Free basic units',
    tokens: 'Tokens',
    tokensHint: 'Enter the tokens into your meter in the order shown.',
    purposes: {
      'key-change': 'Key change token: enter it first',
      credit: 'Credit token',
      'free-units': 'Free basic units token',
    },
    keep: 'Keep this receipt until the meter has accepted every token.',
  },
  es: {
    subject: (company, service) => `Su recibo de ${spanishServices[service]} prepago de ${company}`,
    heading: (service) => `Recibo de ${spanishServices[service]} prepago`,
    intro: (company, service) =>
      `Este es el recibo de su compra de ${spanishServices[service]} prepago a ${company}.`,
    soldBy: 'Vendido por',
    meterNumber: 'Número de contador',
    issuedAt: 'Fecha de venta',
    reference: 'Referencia',
    amountPaid: 'Importe pagado',
    unitsBought: 'Unidades compradas',
    freeUnits: 'Unidades básicas gratuitas',
    tokens: 'Códigos',
    tokensHint: 'Introduzca los códigos en el contador en el orden indicado.',
    purposes: {
      'key-change': 'Código de cambio de clave: introdúzcalo primero',
      credit: 'Código de crédito',
      'free-units': 'Código de unidades básicas gratuitas',
    },
    keep: 'Guarde este recibo hasta que el contador haya aceptado todos los códigos.',
  },
};

/** Groups a 20-digit token in fours, the way receipts print it. */
function groupDigits(token: string): string {
  return token.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/**
 * Writes the receipt of a prepaid sale in the language of `locale` (English when it is not shipped), as
 * plain text and as HTML. It carries what the customer needs to enter the tokens and to prove the
 * purchase, and no account number or name, because the address is whatever the customer gave the seller.
 */
export function vendReceiptMail(values: VendReceiptMailValues): MailMessage {
  const language = mailLanguageFor(values.locale);
  const texts = receiptTexts[language];
  const money = new Intl.NumberFormat(values.locale, { style: 'currency', currency: values.currency });
  const quantity = new Intl.NumberFormat(values.locale, { maximumFractionDigits: 6 });
  const unit = values.unit === 'm3' ? 'm³' : values.unit;
  const formatUnits = (units: string) => `${quantity.format(units as Intl.StringNumericLiteral)} ${unit}`;
  const heading = texts.heading(values.service);
  const intro = texts.intro(values.companyName, values.service);
  const soldAt = new Intl.DateTimeFormat(values.locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: values.timeZone,
  }).format(values.issuedAt);
  const amount = formatMinorUnits(values.tenderedMinor, values.currencyMinorUnit);

  const fields: [label: string, value: string][] = [
    ...(values.seller === null ? [] : [[texts.soldBy, values.seller] as [string, string]]),
    [texts.meterNumber, values.pan],
    [texts.issuedAt, soldAt],
    [texts.reference, values.transactionReference],
    [texts.amountPaid, money.format(amount as Intl.StringNumericLiteral)],
    [texts.unitsBought, formatUnits(values.units)],
    ...(/^0(\.0*)?$/.test(values.freeUnits)
      ? []
      : [[texts.freeUnits, formatUnits(values.freeUnits)] as [string, string]]),
  ];
  const tokens = values.tokens.map((token) => ({
    label: `${texts.purposes[token.purpose]} · ${formatUnits(token.units)}`,
    digits: groupDigits(token.token),
  }));

  const text = [
    `${heading} · ${values.companyName}`,
    '',
    intro,
    '',
    ...fields.map(([label, value]) => `${label}: ${value}`),
    '',
    `${texts.tokens}. ${texts.tokensHint}`,
    ...tokens.flatMap((token, index) => [`${index + 1}. ${token.label}`, `   ${token.digits}`]),
    '',
    texts.keep,
    '',
    values.companyName,
  ].join('\n');
  const html = [
    `<!doctype html><html lang="${language}"><body>`,
    `<h1>${escapeHtml(heading)}</h1>`,
    `<p>${escapeHtml(intro)}</p>`,
    '<table>',
    ...fields.map(
      ([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
    ),
    '</table>',
    `<h2>${escapeHtml(texts.tokens)}</h2>`,
    `<p>${escapeHtml(texts.tokensHint)}</p>`,
    '<ol>',
    ...tokens.map(
      (token) =>
        `<li>${escapeHtml(token.label)}<br><code style="font-size:1.5em">${escapeHtml(token.digits)}</code></li>`,
    ),
    '</ol>',
    `<p>${escapeHtml(texts.keep)}</p>`,
    `<p>${escapeHtml(values.companyName)}</p>`,
    '</body></html>',
  ].join('\n');
  return {
    to: { name: '', address: values.recipient },
    subject: texts.subject(values.companyName, values.service),
    text,
    html,
  };
}
