export { createDashboardService, checkPanels, type DashboardService } from './dashboard-service.js';
