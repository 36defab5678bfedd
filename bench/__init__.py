"""The benchmark harness (issue 9): `python -m bench.run --help`."""
