import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Event, Label } from '@vigil/protocol';
import { renderSchema } from '../../../scripts/write-event-schema.js';

test('docs/event.schema.json and docs/label.schema.json are the schemas ingest validates with', () => {
  const read = (name: string) => readFileSync(new URL(`../../../docs/${name}`, import.meta.url), 'utf8');
  assert.equal(
    read('event.schema.json'),
    renderSchema(Event, 'https://vigil.dev/schemas/event.json'),
    'run: node --import tsx scripts/write-event-schema.ts',
  );
  assert.equal(read('label.schema.json'), renderSchema(Label, 'https://vigil.dev/schemas/label.json'));
});
