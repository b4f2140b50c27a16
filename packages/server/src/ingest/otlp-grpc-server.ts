import * as grpc from '@grpc/grpc-js';
import type { FastifyBaseLogger } from 'fastify';
import { VigilError } from '../errors/index.js';
import type { ApiKeyRecord, KeyRole } from '../storage/index.js';
import {
  decodeOtlpProtobuf,
  encodeOtlpResponse,
  grpcServiceName,
  type OtlpPartialSuccess,
  type OtlpSignal,
} from './otlp-codec.js';
import { grpcCodeForStatus } from './otlp-grpc-codes.js';
import type { OtlpService } from './otlp-service.js';

export interface OtlpGrpcOptions {
  otlp: OtlpService;
  /** Resolves the `authorization` metadata ("Bearer <key>") as the HTTP API does. */
  resolveKey: (authorization: string | undefined) => Promise<ApiKeyRecord | null>;
  /** Roles that may export (ingest and admin). */
  mayIngest: (role: KeyRole) => boolean;
  /** For an ingest key limited to models or use cases: the models it may send (null: any). */
  allowedModels?: (key: ApiKeyRecord) => Promise<ReadonlySet<string> | null>;
  /** Is this error the store's state (full disk, read-only, corrupt)? Then the call is UNAVAILABLE (retried). */
  isStoreFault: (err: unknown) => boolean;
  /** Exports handled at once before UNAVAILABLE (config maxInFlight, as for HTTP ingest). */
  maxInFlight: number;
  /** Largest request message taken, in bytes (the HTTP body limit, so both transports take the same batches). */
  maxMessageBytes: number;
  /** PEM certificate chain and key: serve over TLS. */
  tls?: { cert: Buffer; key: Buffer };
  log: FastifyBaseLogger;
}

/**
 * OTLP/gRPC: the three collector services (`TraceService`, `MetricsService`, `LogsService`, unary `Export`)
 * on a port of their own, gzip accepted (grpc-js inflates it). Built by `buildApp`; `main.ts` (or a test)
 * calls `listen`. Errors carry the specification's codes: INVALID_ARGUMENT for bad data (not retried),
 * UNAVAILABLE for overload or a store that cannot take writes (retried by exporters).
 * @example const port = await vigil.otlpGrpc.listen('127.0.0.1', 4317);
 */
export class OtlpGrpcServer {
  private server: grpc.Server | null = null;
  private inFlight = 0;
  private closing = false;

  constructor(private readonly opts: OtlpGrpcOptions) {}

  /** Binds and starts serving; resolves with the bound port (0 picks a free one). */
  async listen(host: string, port: number): Promise<number> {
    const server = new grpc.Server({
      'grpc.max_receive_message_length': this.opts.maxMessageBytes,
      'grpc.max_send_message_length': 1024 * 1024,
    });
    for (const signal of ['traces', 'metrics', 'logs'] as const)
      server.addService(this.definition(signal), { Export: this.handler(signal) });
    const credentials = this.opts.tls
      ? grpc.ServerCredentials.createSsl(
          null,
          [{ cert_chain: this.opts.tls.cert, private_key: this.opts.tls.key }],
          false,
        )
      : grpc.ServerCredentials.createInsecure();
    const bound = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${host.includes(':') ? `[${host}]` : host}:${port}`, credentials, (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    this.server = server;
    return bound;
  }

  /** Stops taking calls and waits for those in progress (they were acknowledged only after commit). */
  async close(): Promise<void> {
    this.closing = true;
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, 10_000);
      server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private definition(signal: OtlpSignal): grpc.ServiceDefinition {
    const identity = (b: Buffer) => b;
    return {
      Export: {
        path: `/${grpcServiceName(signal)}/Export`,
        requestStream: false,
        responseStream: false,
        // Decoded in the handler, so a bad body is INVALID_ARGUMENT with a message rather than grpc-js' INTERNAL.
        requestSerialize: identity,
        requestDeserialize: identity,
        responseSerialize: (partial: OtlpPartialSuccess | null) => Buffer.from(encodeOtlpResponse(signal, partial)),
        responseDeserialize: identity,
      },
    };
  }

  private handler(signal: OtlpSignal): grpc.handleUnaryCall<Buffer, OtlpPartialSuccess | null> {
    return (call, callback) => {
      if (this.closing)
        return callback({ code: grpc.status.UNAVAILABLE, details: 'server is shutting down; retry later' });
      if (this.inFlight >= this.opts.maxInFlight)
        return callback({
          code: grpc.status.UNAVAILABLE,
          details: `server busy: ${this.inFlight} exports in flight; retry with backoff`,
        });
      this.inFlight++;
      this.export(signal, call)
        .then(
          (partial) => callback(null, partial),
          (err: unknown) => callback(this.toStatus(err)),
        )
        .finally(() => this.inFlight--);
    };
  }

  private async export(
    signal: OtlpSignal,
    call: grpc.ServerUnaryCall<Buffer, unknown>,
  ): Promise<OtlpPartialSuccess | null> {
    const header = call.metadata.get('authorization')[0];
    const key = await this.opts.resolveKey(typeof header === 'string' ? header : header?.toString());
    if (!key)
      throw new VigilError(
        'VIGIL_ERR_UNAUTHORIZED',
        header
          ? 'authorization: unknown or revoked API key'
          : 'authorization: missing; send the metadata "authorization: Bearer <ingest key>" (OTEL_EXPORTER_OTLP_HEADERS)',
      );
    if (!this.opts.mayIngest(key.role))
      throw new VigilError('VIGIL_ERR_FORBIDDEN', `API key "${key.name}" has role ${key.role}; exports need ingest`);
    let body: Record<string, unknown>;
    try {
      body = decodeOtlpProtobuf(signal, call.request);
    } catch (err) {
      throw new VigilError('VIGIL_ERR_VALIDATION', (err as Error).message);
    }
    return this.opts.otlp.export(signal, body, key.id, (await this.opts.allowedModels?.(key)) ?? null);
  }

  private toStatus(err: unknown): Partial<grpc.StatusObject> {
    if (this.opts.isStoreFault(err))
      return { code: grpc.status.UNAVAILABLE, details: 'the store cannot take writes now; retry later' };
    if (err instanceof VigilError) return { code: grpcCodeForStatus(err.statusCode), details: err.message };
    this.opts.log.error({ err }, 'OTLP/gRPC export failed');
    return { code: grpc.status.INTERNAL, details: 'Internal Server Error' };
  }
}
