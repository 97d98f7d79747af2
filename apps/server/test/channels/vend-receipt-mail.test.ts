import { describe, expect, it } from 'vitest';
import { vendReceiptMail, type VendReceiptMailValues } from '../../src/modules/channels/index.js';

/** Returns the text with every kind of space, such as the no-break space in amounts, as a plain one. */
function plain(text: string): string {
  return text.replace(/[^\S\n]/g, ' ');
}

const receipt: VendReceiptMailValues = {
  recipient: 'nomsa@example.com',
  companyName: 'Aguas & Luz',
  locale: 'en-GB',
  timeZone: 'Africa/Johannesburg',
  seller: 'Corner <Shop> · Main street',
  pan: '600727000000000017',
  issuedAt: new Date('2026-12-05T08:30:00Z'),
  transactionReference: 'RCPT-0001',
  currency: 'ZAR',
  currencyMinorUnit: 2,
  tenderedMinor: 123456n,
  service: 'electricity',
  units: '1234.5',
  freeUnits: '50.0',
  unit: 'kWh',
  tokens: [
    { purpose: 'key-change', units: '0', token: '11112222333344445555' },
    { purpose: 'credit', units: '1234.5', token: '66667777888899990000' },
  ],
};

describe('vend receipt mail', () => {
  it('lists the sale and its tokens', () => {
    const mail = vendReceiptMail(receipt);
    const text = plain(mail.text);

    expect(mail.to).toEqual({ name: '', address: 'nomsa@example.com' });
    expect(mail.subject).toBe('Your Aguas & Luz prepaid electricity receipt');
    expect(text).toContain('Sold by: Corner <Shop> · Main street');
    expect(text).toContain('Meter number: 600727000000000017');
    expect(text).toContain('Sold at: 5 December 2026 at 10:30');
    expect(text).toContain('Reference: RCPT-0001');
    expect(text).toContain('Amount paid: ZAR 1,234.56');
    expect(text).toContain('Units bought: 1,234.5 kWh');
    expect(text).toContain('Free basic units: 50 kWh');
    expect(text).toContain('1. Key change token: enter it first · 0 kWh\n   1111 2222 3333 4444 5555');
    expect(text).toContain('2. Credit token · 1,234.5 kWh\n   6666 7777 8888 9999 0000');
  });

  it('writes Spanish for a Spanish locale', () => {
    const mail = vendReceiptMail({ ...receipt, locale: 'es-ES', freeUnits: '0.0' });

    expect(mail.subject).toBe('Su recibo de electricidad prepago de Aguas & Luz');
    expect(plain(mail.text)).toContain('Importe pagado: 1234,56 ZAR');
    expect(plain(mail.text)).toContain('Fecha de venta: 5 de diciembre de 2026 a las 10:30');
    expect(mail.text).toContain('1. Código de cambio de clave: introdúzcalo primero');
    expect(mail.text).not.toContain('Unidades básicas gratuitas');
  });

  it('names water and gas and writes m³', () => {
    const water = {
      ...receipt,
      service: 'water' as const,
      units: '12.5',
      freeUnits: '6.0',
      unit: 'm3',
      tokens: [{ purpose: 'credit' as const, units: '12.5', token: '66667777888899990000' }],
    };
    const mail = vendReceiptMail(water);

    expect(mail.subject).toBe('Your Aguas & Luz prepaid water receipt');
    expect(mail.text).toContain('Here is the receipt of your prepaid water purchase from Aguas & Luz.');
    expect(plain(mail.text)).toContain('Units bought: 12.5 m³');
    expect(plain(mail.text)).toContain('Free basic units: 6 m³');
    expect(mail.html).toContain('<h1>Prepaid water receipt</h1>');
    expect(vendReceiptMail({ ...water, locale: 'es-ES' }).subject).toBe(
      'Su recibo de agua prepago de Aguas & Luz',
    );
    expect(vendReceiptMail({ ...water, service: 'gas' }).subject).toBe(
      'Your Aguas & Luz prepaid gas receipt',
    );
  });

  it('leaves out the seller of a utility sale', () => {
    const mail = vendReceiptMail({ ...receipt, seller: null });

    expect(mail.text).not.toContain('Sold by');
  });

  it('escapes values in the HTML part', () => {
    const mail = vendReceiptMail(receipt);

    expect(mail.html).toContain('Corner &lt;Shop&gt; · Main street');
    expect(mail.html).toContain('Aguas &amp; Luz');
    expect(mail.html).not.toContain('<Shop>');
    expect(mail.html).toContain('<code style="font-size:1.5em">6666 7777 8888 9999 0000</code>');
  });
});
