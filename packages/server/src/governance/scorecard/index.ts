export { computeScorecard, findShadowModels, TARGETS, type ScorecardInput, type ScorecardUseCase } from './scorecard.js';
