import { status as GrpcStatus } from '@grpc/grpc-js';

/**
 * The gRPC status for an HTTP status, as the OTLP specification pairs them: bad data is INVALID_ARGUMENT
 * (not retried), overload and a store that cannot take writes are UNAVAILABLE (retried), auth failures are
 * UNAUTHENTICATED / PERMISSION_DENIED. Also the `code` of the google.rpc.Status in OTLP/HTTP protobuf errors.
 * @example grpcCodeForStatus(503) // 14 (UNAVAILABLE)
 */
export function grpcCodeForStatus(httpStatus: number): GrpcStatus {
  if (httpStatus === 401) return GrpcStatus.UNAUTHENTICATED;
  if (httpStatus === 403) return GrpcStatus.PERMISSION_DENIED;
  if (httpStatus === 429 || httpStatus === 502 || httpStatus === 503 || httpStatus === 504)
    return GrpcStatus.UNAVAILABLE;
  if (httpStatus === 413) return GrpcStatus.INVALID_ARGUMENT;
  if (httpStatus >= 400 && httpStatus < 500) return GrpcStatus.INVALID_ARGUMENT;
  return GrpcStatus.INTERNAL;
}
