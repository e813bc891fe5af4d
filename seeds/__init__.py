"""arrears seeds."""
