"""Local emulations of the vendors' HTTP APIs, served by one process.

``server.SandboxServer`` mounts every vendor module found in ``crm_sandbox.api.vendors``
under ``/<vendor>/`` and adds the ``/_admin/`` endpoints (reset, faults, mutations, dumps).
See README.md for the vendor-module contract.
"""
