"""The Genius CRM demo/test database: schema, deterministic seeder and mutations."""
