export { ModelWindow, ModelWindowAggregator, MODEL_WINDOW_MS, type JoinedPrediction } from './model-window.js';
