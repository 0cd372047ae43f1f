"""Pure domain: the standard library only, no clock, no I/O (docs/architecture.md, rule 2)."""
