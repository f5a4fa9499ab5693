"""Singer tap for LeadConduit (ActiveProspect): every event, on the id cursor."""
