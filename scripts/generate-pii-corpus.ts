/**
 * Generates the labelled personal-data corpus (packages/server/test/fixtures/pii-corpus.jsonl) the detector is
 * measured on (packages/server/test/pii-corpus.test.ts, docs/privacy.md). No real people: names are invented,
 * e-mail domains are the reserved example.com/.org/.net, US phone numbers are the fictional 555-01xx block, UK
 * ones Ofcom's drama range (020 7946 0xxx), IP addresses the documentation ranges (RFC 5737, RFC 3849) and
 * private ones, card numbers random digits with a brand prefix and a Luhn digit, IBANs random accounts with
 * computed mod-97 check digits. The labels come from how each sample was built, never from the detector.
 * Hard negatives: version strings, timestamps, order ids, invalid IBANs and SSNs, 16-digit non-Luhn numbers,
 * IP-like parts of model names, MAC addresses, package specifiers.
 *
 * Run: node --import tsx scripts/generate-pii-corpus.ts  (the test fails when the file differs from its output)
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../packages/server/test/helpers/seeded-random.js';

type Kind = 'email' | 'phone' | 'ssn' | 'iban' | 'ip' | 'card';
export interface CorpusLine {
  text: string;
  spans: Array<{ kind: Kind; start: number; end: number }>;
}

const FIRST = ['ana', 'bruno', 'chidi', 'dana', 'emeka', 'farah', 'goran', 'hana', 'ivo', 'jun', 'kaia', 'lio'];
const LAST = ['quillfeather', 'marrowby', 'tesselink', 'odunwe', 'parvane', 'straum', 'velloro', 'zanetti'];
const DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example.com', 'corp.example.org'];

export function generatePiiCorpus(seed = 16, samples = 1500): CorpusLine[] {
  const random = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => int(0, 9)).join('');
  const pad = (v: number, n: number) => String(v).padStart(n, '0');

  const email = () => {
    const local = pick([
      () => `${pick(FIRST)}.${pick(LAST)}`,
      () => `${pick(FIRST)}${int(1, 99)}`,
      () => `${pick(FIRST)}+${pick(['news', 'billing', 'x'])}`,
      () => `${pick(FIRST)[0]!.toUpperCase()}${pick(LAST)}`,
    ])();
    return `${local}@${pick(DOMAINS)}`;
  };
  const phone = () => {
    const area = pick(['212', '415', '312', '617', '206', '303']);
    const line = `01${pad(int(0, 99), 2)}`;
    return pick([
      () => `(${area}) 555-${line}`,
      () => `${area}-555-${line}`,
      () => `+1 ${area} 555 ${line}`,
      () => `${area}.555.${line}`,
      () => `+44 20 7946 0${pad(int(0, 999), 3)}`,
      () => `+442079460${pad(int(0, 999), 3)}`,
      // National UK format: a known miss (without "+44" the number is read as a US one, and is not valid there).
      () => `020 7946 0${pad(int(0, 999), 3)}`,
    ])();
  };
  const ssn = () => {
    let area = int(1, 899);
    if (area === 666) area = 667;
    // One in ten without separators: a known miss (nine bare digits are as often an order number).
    const sep = pick(['-', '-', '-', '-', ' ', ' ', ' ', ' ', '-', '']);
    return `${pad(area, 3)}${sep}${pad(int(1, 99), 2)}${sep}${pad(int(1, 9999), 4)}`;
  };
  const luhnDigit = (body: string) => {
    let sum = 0;
    for (let i = 0; i < body.length; i++) {
      let d = Number(body[body.length - 1 - i]);
      if (i % 2 === 0) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
    }
    return String((10 - (sum % 10)) % 10);
  };
  const cardDigits = () => {
    const [prefix, length] = pick([
      ['4', 16],
      ['51', 16],
      ['55', 16],
      ['37', 15],
      ['6011', 16],
    ] as const);
    const body = prefix + digits(length - prefix.length - 1);
    return body + luhnDigit(body);
  };
  const card = () => {
    const d = cardDigits();
    return pick([
      () => d,
      () => (d.length === 16 ? d.replace(/(\d{4})(?=\d)/g, '$1 ') : d),
      () => d.replace(/(\d{4})(?=\d)/g, '$1-'),
    ])();
  };
  const ibanFor = (country: string, bban: string, valid: boolean) => {
    // mod-97 (ISO 13616): move country + "00" to the end, letters → numbers, check = 98 − remainder.
    const numeric = (bban + country + '00').replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
    let rem = 0;
    for (const ch of numeric) rem = (rem * 10 + Number(ch)) % 97;
    let check = 98 - rem;
    if (!valid) check = check === 97 ? 2 : check + 1;
    return `${country}${pad(check, 2)}${bban}`;
  };
  const bbanOf = (country: string) =>
    country === 'DE'
      ? digits(18)
      : country === 'GB'
        ? `${pick(['NWBK', 'BARC', 'MIDL'])}${digits(14)}`
        : country === 'NL'
          ? `${pick(['ABNA', 'RABO', 'INGB'])}${digits(10)}`
          : digits(16); // AT
  const iban = (valid = true) => {
    const country = pick(['DE', 'GB', 'NL', 'AT']);
    const raw = ibanFor(country, bbanOf(country), valid);
    return random() < 0.5 ? raw : raw.replace(/(.{4})(?=.)/g, '$1 ');
  };
  const ip = () =>
    pick([
      () => `192.0.2.${int(1, 254)}`,
      () => `198.51.100.${int(1, 254)}`,
      () => `203.0.113.${int(1, 254)}`,
      () => `10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`,
      () => `2001:db8::${int(1, 0xffff).toString(16)}`,
      () => `2001:db8:${int(1, 0xffff).toString(16)}:${int(1, 0xffff).toString(16)}::${int(1, 9)}`,
    ])();

  const generators: Record<Kind, () => string> = { email, phone, ssn, iban, ip, card };
  const templates: Record<Kind, string[]> = {
    email: ['Contact {} about the refund', 'customer email: {}', 'Send the receipt to {} please', '{}'],
    phone: ['Call me back at {} after 5pm', 'phone={}', 'My number is {}.', '{}'],
    ssn: ['SSN {} on the loan form', 'ssn: {}', 'My social is {}.', '{}'],
    iban: ['Pay to IBAN {} by Friday', 'iban={}', 'Refund to account {}.', '{}'],
    ip: ['Login from {} flagged', 'client_ip={}', 'request came from {}.', '{}'],
    card: ['paid with {} yesterday', 'card={}', 'My card number is {}.', '{}'],
  };

  const negatives: Array<() => string> = [
    () => `upgraded to v${int(1, 20)}.${int(0, 30)}.${int(0, 99)}`,
    () => `version ${int(1, 9)}.${int(0, 20)}.${int(0, 9)}-beta.${int(1, 9)}`,
    () => `agent build v${int(1, 9)}.${int(0, 9)}.${int(0, 9)}.${int(0, 99)}`,
    () => `release ${int(1, 9)}.${int(0, 9)}.${int(0, 9)}.${int(0, 999)} rolled out`,
    () =>
      `at 2026-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}T${pad(int(0, 23), 2)}:${pad(int(0, 59), 2)}:${pad(int(0, 59), 2)}Z`,
    () => `ts=${1_733_000_000_000 + int(0, 99_999_999)}`,
    () => `scheduled ${pad(int(0, 23), 2)}:${pad(int(0, 59), 2)}:${pad(int(0, 59), 2)} daily`,
    () => `order ORD-2026-${pad(int(0, 999_999), 6)} shipped`,
    () => `ticket A-${digits(8)}-X reopened`,
    () => `order id ${int(1000, 999_999)}`,
    () => `IBAN ${iban(false)} was rejected`,
    () => {
      let d = cardDigits();
      d = d.slice(0, -1) + String((Number(d.at(-1)) + int(1, 9)) % 10);
      return `reference ${d}`;
    },
    () => `model resnet-${int(1, 99)}.${int(0, 9)}.${int(0, 9)}.${int(1, 9)}-ft`,
    () => `deployed bert-192.168.${int(0, 9)}.${int(1, 99)}-distilled`,
    () => `mac ${Array.from({ length: 6 }, () => pad(int(0, 255), 2)).join(':')}`,
    () => `installed @vigil/sdk@${int(0, 3)}.${int(0, 9)}.${int(0, 9)}`,
    () => `invalid ssn ${pick(['000', '666', '912'])}-${pad(int(1, 99), 2)}-${pad(int(1, 9999), 4)}`,
    () => `sku 123-00-${pad(int(1, 9999), 4)}`,
    () => `trace ${digits(8)}-${digits(4)}`,
    () => `latency p95 ${int(100, 999)}.${int(0, 9)} ms over ${int(1000, 99999)} calls`,
  ];

  const lines: CorpusLine[] = [];
  const kinds = Object.keys(generators) as Kind[];
  for (let i = 0; i < samples; i++) {
    const r = random();
    if (r < 0.35) {
      lines.push({ text: pick(negatives)(), spans: [] });
      continue;
    }
    // One or two findings, each in a template, joined into one text.
    const parts = random() < 0.75 ? 1 : 2;
    let text = '';
    const spans: CorpusLine['spans'] = [];
    for (let p = 0; p < parts; p++) {
      const kind = pick(kinds);
      const value = generators[kind]();
      const template = pick(templates[kind]);
      if (text) text += pick([' ', '; ', '\n']);
      const at = text.length + template.indexOf('{}');
      text += template.replace('{}', value);
      spans.push({ kind, start: at, end: at + value.length });
    }
    if (random() < 0.3) text += ` ${pick(negatives)()}`;
    lines.push({ text, spans });
  }
  return lines;
}

export function renderPiiCorpus(lines: readonly CorpusLine[]): string {
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = new URL('../packages/server/test/fixtures/pii-corpus.jsonl', import.meta.url);
  writeFileSync(out, renderPiiCorpus(generatePiiCorpus()));
  console.log(`wrote ${fileURLToPath(out)}`);
}
