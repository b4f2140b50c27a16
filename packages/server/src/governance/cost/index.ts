// Cost monitoring: spend per model, use case and team, monthly budgets with a forecast, the versioned LLM price table. Pure.
export type {
  Budget,
  BudgetScope,
  CostStore,
  PriceVersion,
  RoiInputsRecord,
} from '../../storage/contracts/cost-store.js';
export {
  costOfTokens,
  currentPrices,
  estimateTokenCost,
  isKnownPrice,
  priceFor,
  type PricedCell,
  type TokenEstimate,
} from './price-table.js';
export { computeBudgetStatus, monthBounds, type BudgetState, type BudgetStatus } from './budget-forecast.js';
export {
  aggregateCost,
  COST_GROUP_BYS,
  groupsOfModel,
  spendByDay,
  UNASSIGNED,
  type CostCell,
  type CostGroup,
  type CostGroupBy,
  type CostOwner,
  type CostPoint,
  type CostSums,
} from './cost-aggregation.js';
