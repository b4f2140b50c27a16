export { calculateRoi, type RoiResult, type RoiStep, type RoiDiscrepancy } from './roi-calculator.js';
export { parseRoiInput, RoiInputError, type RoiScenario } from './roi-input.js';
