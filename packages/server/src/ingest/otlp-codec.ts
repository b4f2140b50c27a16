import protobuf from 'protobufjs';
import { OTLP_PROTO_FILES } from './otlp-proto-schema.js';

/** The three OTLP signals and their export messages. */
export type OtlpSignal = 'traces' | 'metrics' | 'logs';

/** What an export answers: nothing rejected, or how many items were and why (OTLP partial success). */
export interface OtlpPartialSuccess {
  rejected: number;
  errorMessage: string;
}

const root = new protobuf.Root();
for (const source of Object.values(OTLP_PROTO_FILES)) protobuf.parse(source, root, { keepCase: false });
root.resolveAll();

const COLLECTOR = 'opentelemetry.proto.collector';
const MESSAGES = {
  traces: { pkg: `${COLLECTOR}.trace.v1`, service: 'TraceService', name: 'Trace', rejected: 'rejectedSpans' },
  metrics: {
    pkg: `${COLLECTOR}.metrics.v1`,
    service: 'MetricsService',
    name: 'Metrics',
    rejected: 'rejectedDataPoints',
  },
  logs: { pkg: `${COLLECTOR}.logs.v1`, service: 'LogsService', name: 'Logs', rejected: 'rejectedLogRecords' },
} as const;

const requestType = (s: OtlpSignal) => root.lookupType(`${MESSAGES[s].pkg}.Export${MESSAGES[s].name}ServiceRequest`);
const responseType = (s: OtlpSignal) => root.lookupType(`${MESSAGES[s].pkg}.Export${MESSAGES[s].name}ServiceResponse`);
const RpcStatus = root.lookupType('google.rpc.Status');

/** The JSON field of an export's partial-success count: rejectedSpans, rejectedDataPoints, rejectedLogRecords. */
export function rejectedField(signal: OtlpSignal): string {
  return MESSAGES[signal].rejected;
}

/** The gRPC service of a signal, e.g. `opentelemetry.proto.collector.trace.v1.TraceService`. */
export function grpcServiceName(signal: OtlpSignal): string {
  return `${MESSAGES[signal].pkg}.${MESSAGES[signal].service}`;
}

/**
 * Decodes a protobuf export request into the OTLP/JSON shape (lowerCamelCase fields, trace and span ids in
 * hex, 64-bit integers as decimal strings, enums as numbers), so one converter serves both encodings.
 * Throws a `TypeError` naming the problem when the bytes are not such a message.
 * @example decodeOtlpProtobuf('traces', body).resourceSpans[0].scopeSpans[0].spans[0].spanId // 'eee19b7ec3c1b174'
 */
export function decodeOtlpProtobuf(signal: OtlpSignal, bytes: Uint8Array): Record<string, any> {
  const type = requestType(signal);
  let message: protobuf.Message;
  try {
    message = type.decode(bytes);
  } catch (err) {
    throw new TypeError(
      `body: not a protobuf ${type.name} (${(err as Error).message}); send what an OTLP exporter sends with Content-Type application/x-protobuf`,
    );
  }
  const obj = type.toObject(message, { longs: String, enums: Number, bytes: String, defaults: false });
  if (signal === 'traces') {
    for (const rs of obj.resourceSpans ?? [])
      for (const ss of rs.scopeSpans ?? []) for (const span of ss.spans ?? []) hexIds(span);
  } else if (signal === 'logs') {
    for (const rl of obj.resourceLogs ?? [])
      for (const sl of rl.scopeLogs ?? []) for (const record of sl.logRecords ?? []) hexIds(record);
  }
  return obj;
}

/** OTLP/JSON writes trace and span ids in hex where protobuf JSON mapping would use base64. */
function hexIds(o: Record<string, unknown>): void {
  for (const key of ['traceId', 'spanId', 'parentSpanId'])
    if (typeof o[key] === 'string') o[key] = Buffer.from(o[key] as string, 'base64').toString('hex');
}

/** The protobuf Export*ServiceResponse: empty on full success, else with its partial_success. */
export function encodeOtlpResponse(signal: OtlpSignal, partial: OtlpPartialSuccess | null): Uint8Array {
  const type = responseType(signal);
  const body = partial
    ? { partialSuccess: { [MESSAGES[signal].rejected]: partial.rejected, errorMessage: partial.errorMessage } }
    : {};
  return type.encode(type.fromObject(body)).finish();
}

/** The JSON Export*ServiceResponse: `{}` on full success (the spec's "empty partialSuccess"). */
export function otlpJsonResponse(signal: OtlpSignal, partial: OtlpPartialSuccess | null): Record<string, unknown> {
  if (!partial) return {};
  return { partialSuccess: { [MESSAGES[signal].rejected]: partial.rejected, errorMessage: partial.errorMessage } };
}

/** A `google.rpc.Status`, the body of an OTLP/HTTP protobuf error answer. */
export function encodeRpcStatus(code: number, message: string): Uint8Array {
  return RpcStatus.encode(RpcStatus.fromObject({ code, message })).finish();
}

/** Decodes an OTLP response (for tests and the OTLP export destination). */
export function decodeOtlpResponse(signal: OtlpSignal, bytes: Uint8Array): Record<string, any> {
  const type = responseType(signal);
  return type.toObject(type.decode(bytes), { longs: Number, defaults: false });
}

/** Encodes an export request given in the OTLP/JSON shape (ids in hex), for the OTLP export destination. */
export function encodeOtlpRequest(signal: OtlpSignal, json: Record<string, any>): Uint8Array {
  const type = requestType(signal);
  const copy = structuredClone(json);
  const base64Ids = (o: Record<string, unknown>) => {
    for (const key of ['traceId', 'spanId', 'parentSpanId'])
      if (typeof o[key] === 'string') o[key] = Buffer.from(o[key] as string, 'hex').toString('base64');
  };
  if (signal === 'traces')
    for (const rs of copy.resourceSpans ?? [])
      for (const ss of rs.scopeSpans ?? []) for (const span of ss.spans ?? []) base64Ids(span);
  return type.encode(type.fromObject(copy)).finish();
}

/** Message types for a gRPC service definition (encode/decode of the request and the response). */
export function otlpMessageTypes(signal: OtlpSignal): { request: protobuf.Type; response: protobuf.Type } {
  return { request: requestType(signal), response: responseType(signal) };
}
