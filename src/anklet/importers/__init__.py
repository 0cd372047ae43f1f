"""Outside files -> domain values. Importers never touch the database."""
