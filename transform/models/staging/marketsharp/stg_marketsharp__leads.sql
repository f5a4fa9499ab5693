-- Contacts of sub-type Lead: the shape all four share (macros/stg_marketsharp_contact.sql).
{{ stg_marketsharp_contact('leads', 'lead_id') }}
