export {
  QuantileSketch,
  type QuantileSketchJson,
  type QuantileSketchOptions,
  type SketchBin,
} from './quantile-sketch.js';
