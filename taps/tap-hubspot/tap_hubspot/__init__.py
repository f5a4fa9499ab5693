"""tap-hubspot: HubSpot CRM objects, custom objects, associations and deletions."""
