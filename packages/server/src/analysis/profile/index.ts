export {
  ColumnProfile,
  defaultProfileOptions,
  type ColumnProfileJson,
  type ColumnValue,
  type ProfileOptions,
  type TypeCounts,
} from './column-profile.js';
export { addEventToProfile, eventOutputColumns, maxProbability } from './event-columns.js';
export { FrequentItems, type FrequentItem, type FrequentItemsJson } from './frequent-items.js';
export { HyperLogLog, type HyperLogLogJson } from './hyperloglog.js';
export {
  ModelProfile,
  ProfileBuilder,
  deserialiseProfile,
  mergeProfiles,
  profileFromJson,
  profileToJson,
  serialiseProfile,
  type ModelProfileJson,
  type ProfileWindow,
} from './model-profile.js';
export { addMoment, createMoments, mergeMoments, populationVariance, sampleVariance, type Moments } from './moments.js';
export {
  QuantileSketch,
  type QuantileSketchJson,
  type QuantileSketchOptions,
  type SketchBin,
} from '../sketches/index.js';
