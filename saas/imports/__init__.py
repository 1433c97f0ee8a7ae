"""Bulk import of customers and leads from dealers' spreadsheets."""
