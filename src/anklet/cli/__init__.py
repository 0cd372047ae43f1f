"""The `anklet` command line: thin commands over the services.

Command modules import only typer and the standard library at the top; services, storage and
Rich load inside the command that needs them, so `anklet --help` starts fast.
"""
