"""Word lists used by the extraction rules, each written once with a comment saying what it is for."""
