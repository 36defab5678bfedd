"""The governance domain: aggregates, their events and the rules they enforce. No I/O."""
