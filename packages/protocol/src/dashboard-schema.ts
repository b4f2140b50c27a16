import { Type, type Static } from '@sinclair/typebox';

// Wire shapes of custom dashboards: named sets of panels a person composes, shares by link and a team pins
// as its home (docs/dashboard.md "Custom dashboards").

export const DASHBOARD_RANGES = ['1h', '24h', '7d', '30d'] as const;
export const DashboardRange = Type.Union(
  DASHBOARD_RANGES.map((r) => Type.Literal(r)),
  { description: 'Time range ending now.' },
);
export type DashboardRange = Static<typeof DashboardRange>;

export const PANEL_DISPLAYS = ['chart', 'number', 'table'] as const;

/** Model-health metrics a panel can show (from GET /api/v1/models/:model/performance; a model is required). */
export const PANEL_MODEL_HEALTH_METRICS = ['accuracy', 'accuracy.estimated', 'labelCoverage', 'mae', 'rmse'] as const;
export type PanelModelHealthMetric = (typeof PANEL_MODEL_HEALTH_METRICS)[number];

const Slug = Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9][a-z0-9._-]*$' });

export const DashboardPanel = Type.Object(
  {
    id: Slug,
    title: Type.String({ minLength: 1, maxLength: 200 }),
    display: Type.Union(
      PANEL_DISPLAYS.map((d) => Type.Literal(d)),
      {
        description:
          'chart: the metrics over time; number: each metric over the whole range; table: the metrics per model or endpoint over the range.',
      },
    ),
    metrics: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), {
      minItems: 1,
      maxItems: 4,
      description:
        'API-health metrics (GET /api/v1/metrics/timeseries names, e.g. latency.p95, errorRate, costPerCall), or model-health metrics of one model (accuracy, accuracy.estimated, labelCoverage, mae, rmse: chart or number).',
    }),
    model: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    endpoint: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    segment: Type.Optional(Type.String({ minLength: 3, maxLength: 300, description: 'One tag value, key=value.' })),
    groupBy: Type.Optional(
      Type.Union([Type.Literal('model'), Type.Literal('endpoint')], {
        description: 'One line (chart) or row (table) per model or endpoint; tables need it.',
      }),
    ),
    range: Type.Optional({ ...DashboardRange, description: "The panel's own range; default the dashboard's." }),
  },
  { additionalProperties: false },
);
export type DashboardPanel = Static<typeof DashboardPanel>;

export const DashboardBody = Type.Object(
  {
    id: Type.Optional({ ...Slug, description: 'Stable id (the link); generated from the name when absent.' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    team: Type.Optional(
      Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()], {
        description: 'The team it is made for.',
      }),
    ),
    range: DashboardRange,
    panels: Type.Array(DashboardPanel, { maxItems: 24 }),
  },
  { additionalProperties: false },
);
export type DashboardBody = Static<typeof DashboardBody>;

export const Dashboard = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  team: Type.Union([Type.String(), Type.Null()]),
  range: DashboardRange,
  panels: Type.Array(DashboardPanel),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  version: Type.Integer(),
  homeOf: Type.Array(Type.String(), { description: 'Teams that pinned it as their home.' }),
});
export type Dashboard = Static<typeof Dashboard>;

export const DashboardOne = Type.Object({ dashboard: Dashboard });
export type DashboardOne = Static<typeof DashboardOne>;

export const DashboardHome = Type.Object({ team: Type.String(), dashboardId: Type.String() });
export type DashboardHome = Static<typeof DashboardHome>;

export const DashboardList = Type.Object({
  dashboards: Type.Array(Dashboard),
  homes: Type.Array(DashboardHome, { description: "Each team's pinned home dashboard." }),
});
export type DashboardList = Static<typeof DashboardList>;

export const DashboardHomeBody = Type.Object(
  {
    dashboardId: Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()], {
      description: "The dashboard to pin as the team's home; null unpins.",
    }),
  },
  { additionalProperties: false },
);
export type DashboardHomeBody = Static<typeof DashboardHomeBody>;
export const DashboardHomes = Type.Object({ homes: Type.Array(DashboardHome) });
export type DashboardHomes = Static<typeof DashboardHomes>;
