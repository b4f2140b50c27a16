import type { Migration } from './migration.js';

/**
 * GenAI client metrics (OTLP gen_ai.client.*) are stored as infrastructure minutes of a resource per service and
 * LLM model: the LLM model and provider the resource stands for.
 */
export const genAiClientResources: Migration = {
  version: 210,
  name: 'GenAI client metrics: LLM model and provider of an infrastructure resource',
  sql: `
    ALTER TABLE infra_resources ADD COLUMN genai_model TEXT;
    ALTER TABLE infra_resources ADD COLUMN genai_provider TEXT;
  `,
};
