"""arrears dashboards."""
