export { prepareCoffeeDemo, type CoffeeDemoOptions, type PreparedDemo } from './coffee-demo.js';
export { DEMO_ENDPOINTS, listDemoModels, LLM_PRICES, computeLlmCost, type DemoEndpoint } from './coffee-models.js';
export { TrafficModel, type TrafficModelOptions, type Incident } from './traffic-model.js';
export { DemoSimulator, type DemoSimulatorOptions, type DemoSimulatorStats, type DemoSink } from './demo-simulator.js';
export { backfillDemoHistory, hasDemoRollups, type BackfillResult } from './demo-backfill.js';
export { buildBackfillChunk } from './backfill-cells.js';
export { createSimulatorKey } from './demo-key.js';
export { registerDemoRoute } from './demo-route.js';
export { DEMO_PASSWORD, DEMO_PEOPLE, ensureDemoPeople } from './demo-people.js';
