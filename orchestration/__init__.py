"""arrears orchestration."""
