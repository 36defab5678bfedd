"""The application: commands, persistence, read models kept caught up, and the CLI."""
