import { Value } from '@sinclair/typebox/value';
import { ConfigSchema, CONFIG_SOURCES, type Config } from './config-schema.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type RawSettings = Partial<Record<keyof Config, string>>;

/**
 * Merges defaults < environment < flags, validates everything at once and freezes the result.
 * Every bad setting is reported in one ConfigError naming the variable or flag it came from.
 *
 * @example
 *   const config = loadConfig(process.env, { port: '9090' });
 */
export function loadConfig(env: Record<string, string | undefined>, flags: RawSettings = {}): Config {
  const raw: Record<string, unknown> = {};
  const origin: Record<string, string> = {};
  for (const [key, src] of Object.entries(CONFIG_SOURCES)) {
    const fromFlag = flags[key as keyof Config];
    const fromEnv = env[src.env];
    if (fromFlag !== undefined) {
      raw[key] = fromFlag;
      origin[key] = `--${src.flag}`;
    } else if (fromEnv !== undefined && fromEnv !== '') {
      raw[key] = fromEnv;
      origin[key] = src.env;
    }
  }
  const problems: string[] = [];
  const typed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const schema = ConfigSchema.properties[key as keyof Config];
    const converted = Value.Convert(schema, value);
    const errors = [...Value.Errors(schema, converted)];
    if (errors.length > 0) {
      const hint = describeSchema(schema as unknown as Record<string, unknown>);
      problems.push(
        `${origin[key]}=${JSON.stringify(value)}: ${errors[0]!.message}${hint ? ` (expected ${hint})` : ''}`,
      );
    } else {
      typed[key] = converted;
    }
  }
  if ((typed.tlsCert === undefined) !== (typed.tlsKey === undefined))
    problems.push(
      `${origin.tlsCert ?? origin.tlsKey}: TLS needs both a certificate and its key (--tls-cert and --tls-key, or VIGIL_TLS_CERT and VIGIL_TLS_KEY)`,
    );
  if (problems.length > 0) throw new ConfigError(problems);
  const config = Value.Default(ConfigSchema, typed) as Config;
  // Per-request lines would scroll the one-time admin key away on a first run: hidden unless asked for.
  const requestLogLevel = config.requestLogLevel ?? (origin.logLevel !== undefined ? 'info' : 'debug');
  return Object.freeze({ ...config, requestLogLevel });
}

function describeSchema(schema: Record<string, unknown>): string {
  if (Array.isArray(schema.anyOf))
    return (schema.anyOf as Array<{ const?: unknown }>).map((s) => JSON.stringify(s.const)).join(' | ');
  if (schema.type === 'integer') {
    const range = [
      schema.minimum !== undefined ? `≥ ${schema.minimum}` : '',
      schema.maximum !== undefined ? `≤ ${schema.maximum}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    return `an integer${range ? ` ${range}` : ''}`;
  }
  if (schema.type === 'string' && typeof schema.minLength === 'number')
    return `a string of at least ${schema.minLength} characters`;
  return '';
}

/** `--name value` / `--name=value` flags for every config key, in help-text form. */
export function describeConfigFlags(): string {
  return Object.entries(CONFIG_SOURCES)
    .map(([key, src]) => {
      const schema = ConfigSchema.properties[key as keyof Config] as unknown as {
        default?: unknown;
        description?: string;
      };
      const def = schema.default !== undefined ? ` (default ${JSON.stringify(schema.default)})` : '';
      return `  --${src.flag.padEnd(24)} ${src.env.padEnd(30)} ${schema.description ?? ''}${def}`;
    })
    .join('\n');
}
