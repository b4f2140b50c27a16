/**
 * The Prometheus exposition messages (io.prometheus.client, the protobuf format Prometheus asks for when its
 * native-histograms feature is on), as protobuf source text for protobufjs. Written for Vigil from the field
 * names and numbers of Prometheus' client_model (Apache-2.0; docs/prometheus.md); checked by a test in which
 * the Debian `prometheus` binary scrapes a real Vigil in this format and queries the histograms.
 */
export const PROMETHEUS_PROTO = `
syntax = "proto2";
package io.prometheus.client;
message LabelPair {
  optional string name = 1;
  optional string value = 2;
}
enum MetricType {
  COUNTER = 0;
  GAUGE = 1;
  SUMMARY = 2;
  UNTYPED = 3;
  HISTOGRAM = 4;
  GAUGE_HISTOGRAM = 5;
}
message Gauge { optional double value = 1; }
message Counter { optional double value = 1; }
message Untyped { optional double value = 1; }
message Histogram {
  optional uint64 sample_count = 1;
  optional double sample_count_float = 4;
  optional double sample_sum = 2;
  repeated Bucket bucket = 3;
  optional sint32 schema = 5;
  optional double zero_threshold = 6;
  optional uint64 zero_count = 7;
  optional double zero_count_float = 8;
  repeated BucketSpan negative_span = 9;
  repeated sint64 negative_delta = 10;
  repeated double negative_count = 11;
  repeated BucketSpan positive_span = 12;
  repeated sint64 positive_delta = 13;
  repeated double positive_count = 14;
}
message Bucket {
  optional uint64 cumulative_count = 1;
  optional double cumulative_count_float = 4;
  optional double upper_bound = 2;
}
message BucketSpan {
  optional sint32 offset = 1;
  optional uint32 length = 2;
}
message Metric {
  repeated LabelPair label = 1;
  optional Gauge gauge = 2;
  optional Counter counter = 3;
  optional Untyped untyped = 5;
  optional Histogram histogram = 7;
  optional int64 timestamp_ms = 6;
}
message MetricFamily {
  optional string name = 1;
  optional string help = 2;
  optional MetricType type = 3;
  repeated Metric metric = 4;
  optional string unit = 5;
}
`;
