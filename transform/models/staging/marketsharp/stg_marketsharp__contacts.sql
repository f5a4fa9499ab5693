-- Contacts: the shape all four share (macros/stg_marketsharp_contact.sql).
{{ stg_marketsharp_contact('contacts', 'contact_id') }}
