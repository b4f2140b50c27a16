import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCardNumber, maskCardNumbers, maskCardNumbersIn, passesLuhn } from './card-numbers.js';

// The brands' published test numbers.
const CARD_ALONE = '4111111111111111';
const CARDS = {
  visa: '4111111111111111',
  visa13: '4222222222222',
  mastercard: '5555555555554444',
  mastercard2: '2223003122003222',
  amex: '378282246310005',
  discover: '6011111111111117',
  jcb: '3530111333300000',
  diners: '30569309025904',
  unionpay: '6200000000000005',
};

test("the brands' test numbers are card numbers; Luhn failures, other prefixes and wrong lengths are not", () => {
  for (const [brand, n] of Object.entries(CARDS)) assert.ok(isCardNumber(n), brand);
  assert.equal(passesLuhn('4111111111111112'), false);
  assert.equal(isCardNumber('4111111111111112'), false, 'Luhn');
  assert.equal(isCardNumber('1795769944327'), false, 'an epoch-ms timestamp: no brand starts with 1');
  assert.equal(isCardNumber('9111111111111111'), false, 'no brand');
  assert.equal(isCardNumber('37828224631000'), false, 'Amex is 15 digits');
});

test('masking keeps the last four digits and the separators, in text and alone', () => {
  assert.equal(maskCardNumbers('4111 1111 1111 1111'), '**** **** **** 1111');
  assert.equal(maskCardNumbers('paid with 3782-822463-10005 yesterday'), 'paid with ****-******-*0005 yesterday');
  assert.equal(
    maskCardNumbers(`cards ${CARDS.visa} and ${CARDS.mastercard}.`),
    'cards ************1111 and ************4444.',
  );
  assert.equal(maskCardNumbers('order 4111111111111112 shipped'), null, 'not a card: kept');
  assert.equal(maskCardNumbers('phone +1 555 123 4567'), null);
  assert.equal(maskCardNumbers('41111111111111111111'), null, '20 digits is not a card number');
});

test('in an event, strings and integers anywhere are masked, except the skipped top-level fields', () => {
  const event = {
    model: 'checkout',
    requestId: CARDS.visa,
    features: { note: `card ${CARDS.amex}`, pan: Number(CARDS.visa), amount: 12.5, orderId: '4111111111111112' },
    prediction: { label: 'fraud', score: 0.9 },
    tags: { last: CARDS.discover },
    embedding: [0.1, 0.2],
  };
  assert.equal(
    maskCardNumbersIn(event, JSON.stringify(event), { skip: new Set(['model', 'requestId']) }),
    3,
    'requestId skipped here by the caller',
  );
  assert.deepEqual(event.features, {
    note: 'card ***********0005',
    pan: '************1111',
    amount: 12.5,
    orderId: '4111111111111112',
  });
  assert.deepEqual(event.tags, { last: '************1117' });
  assert.equal(event.requestId, CARDS.visa, 'the join key is left alone');
  const plain = { model: 'm', features: { a: 'x' } };
  assert.equal(maskCardNumbersIn(plain, JSON.stringify(plain)), 0);
});

test('the pre-check skips events whose only long numbers are timestamps or decimals', () => {
  const event = { model: 'm', timestamp: 1795769944327, features: { x: 0.4567890123456789, y: 1795769944327123 } };
  const before = JSON.stringify(event);
  assert.equal(maskCardNumbersIn(event, before), 0);
  assert.equal(JSON.stringify(event), before);
});

test('digit runs inside tokens are not card numbers: a UUID whose first groups are digits stays as sent', () => {
  // 15 digits with a Visa prefix and a valid checksum, split the way a UUID's first groups are.
  let digits = '';
  for (let check = 0; check < 10 && !isCardNumber(digits); check++) digits = `41234567123842${check}`;
  assert.ok(isCardNumber(digits));
  const uuid = `${digits.slice(0, 8)}-${digits.slice(8, 12)}-${digits.slice(12)}a-9677-0bf79f4d7133`;
  assert.equal(maskCardNumbers(uuid), null);
  assert.equal(maskCardNumbers(`id ${digits}x`), null, 'touching a letter');
  assert.equal(maskCardNumbers(`id ${digits}.`), `id ***********${digits.slice(-4)}.`);
  const event = { requestId: `r-${CARD_ALONE}`, features: { id: uuid } };
  assert.equal(
    maskCardNumbersIn(event, JSON.stringify(event), { whole: new Set(['requestId']) }),
    0,
    'a requestId is masked only when it is all card number',
  );
  const whole = { requestId: CARD_ALONE };
  assert.equal(maskCardNumbersIn(whole, JSON.stringify(whole), { whole: new Set(['requestId']) }), 1);
  assert.equal(whole.requestId, '************1111');
});
