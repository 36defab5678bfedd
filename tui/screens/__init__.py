"""The screens (and panes) of the terminal UI, one a module."""
