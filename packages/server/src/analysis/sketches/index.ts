export { QuantileSketch } from './quantile-sketch.js';
