"""Pure code over logged sets: CSV export/import and progress charts."""
