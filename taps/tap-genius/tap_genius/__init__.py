"""tap-genius: the Genius CRM MySQL database as Singer streams."""
