// Vigil's OTLP protobuf definitions (src/ingest/otlp-proto-schema.ts) against a reference compiled from the
// official opentelemetry-proto files: the protobufjs static module that @opentelemetry/otlp-transformer 0.214.0
// generated from them (build/src/generated/root.js; installed as the dev dependency `otlp-proto-reference`, the
// last release that shipped it — later ones have a hand-written writer only). Field by field: every message,
// field name, field number, type, repetition and enum value the reference encodes must be ours too, and the
// other way round; then whole export requests with every field set cross between the two unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import protobuf from 'protobufjs';
import { OTLP_PROTO_FILES } from '../src/ingest/otlp-proto-schema.js';

const require = createRequire(import.meta.url);
type StaticType = {
  encode: (m: any) => { finish(): Uint8Array };
  decode(b: Uint8Array): any;
  fromObject(o: any): any;
  toObject(m: any, o: object): any;
};
const reference = require('otlp-proto-reference/build/src/generated/root.js') as Record<string, unknown>;

const ours = new protobuf.Root();
for (const source of Object.values(OTLP_PROTO_FILES)) protobuf.parse(source, ours, { keepCase: false });
ours.resolveAll();

/** The namespaces Vigil receives. The reference also has `profiles` (not received, so not defined by Vigil). */
const RECEIVED = /^opentelemetry\.proto\.(common|resource|trace|metrics|logs|collector\.(trace|metrics|logs))\.v1\./;

function referenceAt(fullName: string): unknown {
  return fullName.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], reference);
}

/** Every message type and enum of the reference under the received namespaces, by full name. */
function referenceNames(): { types: string[]; enums: string[] } {
  const types: string[] = [];
  const enums: string[] = [];
  const walk = (o: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(o)) {
      const name = `${prefix}${k}`;
      if (typeof v === 'function' && 'encode' in v) {
        types.push(name);
        walk(v as unknown as Record<string, unknown>, `${name}.`);
      } else if (v && typeof v === 'object' && /^[A-Z]/.test(k)) enums.push(name);
      else if (v && typeof v === 'object') walk(v as Record<string, unknown>, `${name}.`);
    }
  };
  walk(reference, '');
  const received = (n: string) => RECEIVED.test(n);
  return { types: types.filter(received), enums: enums.filter(received) };
}

interface FieldFact {
  id: number;
  /** protobufjs scalar type name, or the full name of the message type. */
  type: string;
  repeated: boolean;
}

/**
 * A reference message's fields as its generated `encode` writes them: pbjs emits one statement per field with
 * the tag spelled out (`writer.uint32(/* id 7, wireType 1 =*\/ 57).fixed64(message.startTimeUnixNano)`).
 */
function referenceFields(type: StaticType): Map<string, FieldFact> {
  const source = type.encode.toString();
  const facts = new Map<string, FieldFact>();
  for (const chunk of source.split(/\n\s*if \(/).filter((c) => c.startsWith('message.'))) {
    const name = /message\.(\w+)/.exec(chunk)?.[1];
    const tag = /id (\d+), wireType (\d+)/.exec(chunk);
    assert.ok(name && tag, `cannot read a field statement of the reference: ${chunk.slice(0, 120)}`);
    const nested = /\$root\.([\w.]+)\.encode\(/.exec(chunk)?.[1];
    const scalar =
      /\)\.(\w+)\(message\.\w+(\[i\])?\)/.exec(chunk)?.[1] ?? /writer\.(\w+)\(message\.\w+\[i\]\)/.exec(chunk)?.[1];
    const type = nested ?? scalar;
    assert.ok(type, `cannot read the type of ${name}: ${chunk.slice(0, 160)}`);
    facts.set(name, { id: Number(tag[1]), type, repeated: /\.length\)/.test(chunk.split('\n')[0]!) });
  }
  return facts;
}

function ourFields(type: protobuf.Type): Map<string, FieldFact> {
  return new Map(
    type.fieldsArray.map((f) => {
      f.resolve();
      const t =
        f.resolvedType instanceof protobuf.Type ? f.resolvedType.fullName.slice(1) : f.resolvedType ? 'int32' : f.type;
      return [f.name, { id: f.id, type: t, repeated: f.repeated }];
    }),
  );
}

test('every OTLP message and enum of the official definitions is in ours, and ours has no message they lack', () => {
  const { types, enums } = referenceNames();
  assert.ok(types.length >= 40, `the reference has the OTLP messages (${types.length})`);
  for (const name of types) assert.ok(ours.lookup(name) instanceof protobuf.Type, `${name} is defined`);
  for (const name of enums) assert.ok(ours.lookup(name) instanceof protobuf.Enum, `enum ${name} is defined`);
  const ourTypes: string[] = [];
  const walk = (ns: protobuf.NamespaceBase) => {
    for (const n of ns.nestedArray) {
      if (n instanceof protobuf.Type) ourTypes.push(n.fullName.slice(1));
      if (n instanceof protobuf.Namespace || n instanceof protobuf.Type) walk(n);
    }
  };
  walk(ours);
  // google.rpc.Status (and the Any it carries) is the OTLP/HTTP error body; it comes from googleapis'
  // status.proto, not opentelemetry-proto, so the reference has no copy.
  const extra = ourTypes.filter((n) => !types.includes(n));
  assert.deepEqual(extra.sort(), ['google.rpc.Any', 'google.rpc.Status']);
});

test('field by field: the same names, numbers, types and repetition in every OTLP message', () => {
  const { types } = referenceNames();
  let compared = 0;
  for (const name of types) {
    const theirs = referenceFields(referenceAt(name) as StaticType);
    const mine = ourFields(ours.lookupType(name));
    assert.deepEqual([...mine.keys()].sort(), [...theirs.keys()].sort(), `${name}: field names`);
    for (const [field, fact] of theirs) {
      assert.deepEqual(mine.get(field), fact, `${name}.${field}: number, type and repetition`);
      compared++;
    }
  }
  assert.ok(compared >= 150, `fields compared: ${compared}`);
});

test('enum values are the official ones', () => {
  for (const name of referenceNames().enums) {
    const theirs = referenceAt(name) as Record<string, number>;
    const mine = ours.lookupEnum(name).values;
    assert.deepEqual({ ...mine }, Object.fromEntries(Object.keys(theirs).map((k) => [k, theirs[k]])), name);
  }
});

test('google.rpc.Status has the googleapis field numbers (code 1, message 2, details 3 of type_url 1 / value 2)', () => {
  const status = ours.lookupType('google.rpc.Status');
  assert.deepEqual(
    status.fieldsArray.map((f) => [f.name, f.id, f.type, f.repeated]),
    [
      ['code', 1, 'int32', false],
      ['message', 2, 'string', false],
      ['details', 3, 'Any', true],
    ],
  );
  assert.deepEqual(
    ours.lookupType('google.rpc.Any').fieldsArray.map((f) => [f.name, f.id, f.type]),
    [
      ['typeUrl', 1, 'string'],
      ['value', 2, 'bytes'],
    ],
  );
});

/** A message of `type` with every field set to a value unique to it (one member per oneof, rotating). */
function sample(type: protobuf.Type, depth: number, seed: { n: number }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const oneofMembers = new Set(type.oneofsArray.flatMap((o) => o.fieldsArray.slice(1).map((f) => f.name)));
  for (const f of type.fieldsArray) {
    if (oneofMembers.has(f.name)) continue;
    f.resolve();
    const value = () => {
      const n = ++seed.n;
      if (f.resolvedType instanceof protobuf.Type) return depth > 0 ? sample(f.resolvedType, depth - 1, seed) : {};
      if (f.resolvedType instanceof protobuf.Enum) return Object.values(f.resolvedType.values).at(-1);
      switch (f.type) {
        case 'string':
          return `s${n}`;
        case 'bytes':
          return Buffer.from([n, n + 1, n + 2]).toString('base64');
        case 'bool':
          return true;
        case 'double':
          return n + 0.25;
        case 'fixed64':
        case 'uint64':
          return String(1_700_000_000_000_000_000n + BigInt(n));
        case 'int64':
        case 'sfixed64':
        case 'sint64':
          return String(-1_000_000_000_000n - BigInt(n));
        default:
          return f.type === 'sint32' || f.type === 'int32' ? -n : n;
      }
    };
    out[f.name] = f.repeated ? [value(), value()] : value();
  }
  return out;
}

test('export requests and responses with every field set cross between ours and the official definitions unchanged', () => {
  const toObject = { longs: String, enums: Number, bytes: String, defaults: false, arrays: false };
  for (const signal of ['trace', 'metrics', 'logs']) {
    const Signal = signal[0]!.toUpperCase() + signal.slice(1);
    for (const kind of ['Request', 'Response']) {
      const name = `opentelemetry.proto.collector.${signal}.v1.Export${Signal === 'Trace' ? 'Trace' : Signal}Service${kind}`;
      const mine = ours.lookupType(name);
      const theirs = referenceAt(name) as StaticType;
      // Rotate which oneof member is set, so each member crosses once (AnyValue has 7, Metric.data 5).
      for (let rotation = 0; rotation < 7; rotation++) {
        const seed = { n: rotation * 1000 };
        rotateOneofs(ours, rotation);
        const object = sample(mine, 7, seed);
        const bytes = mine.encode(mine.fromObject(object)).finish();
        const decoded = theirs.toObject(theirs.decode(bytes), toObject);
        assert.deepEqual(decoded, mine.toObject(mine.decode(bytes), toObject), `${name} ours → official`);
        const back = theirs.encode(theirs.fromObject(decoded)).finish();
        assert.deepEqual(mine.toObject(mine.decode(back), toObject), decoded, `${name} official → ours`);
      }
      rotateOneofs(ours, 0);
    }
  }
});

/** Moves member `rotation % n` of every oneof to the front, so `sample` sets that one. */
function rotateOneofs(root: protobuf.Root, rotation: number): void {
  const walk = (ns: protobuf.NamespaceBase) => {
    for (const n of ns.nestedArray) {
      if (n instanceof protobuf.Type)
        for (const o of n.oneofsArray) {
          const sorted = [...o.fieldsArray].sort((a, b) => a.id - b.id);
          const k = rotation % sorted.length;
          o.fieldsArray.splice(0, o.fieldsArray.length, ...sorted.slice(k), ...sorted.slice(0, k));
        }
      if (n instanceof protobuf.Namespace || n instanceof protobuf.Type) walk(n);
    }
  };
  walk(root);
}
