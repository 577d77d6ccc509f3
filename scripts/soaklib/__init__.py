"""The parts of scripts/soak-driver: the stack it drives, the load, the faults, what it observes and the
report. Only the Python standard library."""
