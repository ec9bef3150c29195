"""Coverage indicators, targets, projections and the monitoring dashboard."""
