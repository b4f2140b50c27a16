import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody, RoiCalculateBody, RoiResponse } from '@vigil/protocol';
import type { GovernanceService } from '../../governance/index.js';

/**
 * POST /api/v1/roi/calculate: the ROI calculator over the deck's inputs, with the arithmetic shown.
 * @example await app.register(roiRoutes, { governance });
 */
export const roiRoutes: FastifyPluginAsyncTypebox<{ governance: GovernanceService }> = async (app, { governance }) => {
  app.post(
    '/api/v1/roi/calculate',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'ROI calculator over the deck inputs, with the arithmetic shown and stated figures checked',
        description:
          'Body: one scenario, or `scenarios: [...]` merged over the top-level fields. See docs/governance.md.',
        tags: ['governance'],
        // The calculator reads the scenario fields itself and names the first bad one (parseRoiInput).
        body: RoiCalculateBody,
        response: { 200: RoiResponse, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req) => ({ scenarios: governance.calculateRoi(req.body) }),
  );
};
