"""Publish: copy the checked public marts atomically into the warehouse users read."""
