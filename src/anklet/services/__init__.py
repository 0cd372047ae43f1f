"""Use cases: the one door for the CLI, the web pages and the API."""
