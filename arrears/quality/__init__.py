"""Data-quality plumbing: recording every check's result in the warehouse."""
