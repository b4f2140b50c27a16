export { ConfigSchema, CONFIG_SOURCES, otlpGrpcPortOf, type Config } from './config-schema.js';
export { loadConfig, ConfigError, describeConfigFlags } from './load-config.js';
