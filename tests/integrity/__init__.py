"""Tests that try to break the integrity promises: tampering, garbage files, export and
import, crashes, and a stateful drive of the CLI."""
