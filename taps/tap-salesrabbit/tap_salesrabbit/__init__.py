"""tap-salesrabbit: SalesRabbit leads and users."""
