// The executive report: measured ROI from Vigil's own data, incidents over the executive impact threshold, stored inputs. Pure.
export { computeMeasuredRoi, type MeasuredRoi, type MeasuredRoiFacts, type MeasuredRoiInputs } from './measured-roi.js';
export { parseReportInputs, type ReportInputs } from './report-inputs.js';
export { findHighImpactIncidents, type ImpactIncident } from './high-impact-incidents.js';
