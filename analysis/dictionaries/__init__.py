"""A study's configuration: one module per configuration file and one registry."""
