// Writes docs/event.schema.json and docs/label.schema.json from the protocol's TypeBox schemas
// (the same objects the ingest path compiles). test/event-schema-doc.test.ts fails when they drift.
import { writeFileSync } from 'node:fs';
import { Event, Label } from '@vigil/protocol';

export function renderSchema(schema: object, id: string): string {
  return `${JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...schema, $id: id }, null, 2)}\n`;
}

if (process.argv[1]?.endsWith('write-event-schema.ts')) {
  writeFileSync(
    new URL('../docs/event.schema.json', import.meta.url),
    renderSchema(Event, 'https://vigil.dev/schemas/event.json'),
  );
  writeFileSync(
    new URL('../docs/label.schema.json', import.meta.url),
    renderSchema(Label, 'https://vigil.dev/schemas/label.json'),
  );
}
