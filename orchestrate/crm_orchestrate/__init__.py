"""What runs around ``meltano run`` in this project: the console of a long run (``console``,
wired in by the project's ``logging.yaml``) and the table that ends it (``report``)."""
