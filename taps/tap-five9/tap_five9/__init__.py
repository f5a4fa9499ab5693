"""Singer tap for Five9's Configuration Web Services (Admin Web Service, SOAP)."""
