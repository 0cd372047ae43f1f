"""Pure domain: the standard library only, no clock, no I/O (DESIGN.md rule 2)."""
