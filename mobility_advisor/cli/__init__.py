"""The front ends: the command line (one module per command), the wizard and its help."""
