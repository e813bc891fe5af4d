"""Loading landing files into the raw layer: parsing, contract checks, exactly-once."""
