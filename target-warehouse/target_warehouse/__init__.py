"""target-warehouse: the project's Singer → PostgreSQL loader."""
