"""arrears expectations."""
