-- Contacts of sub-type Prospect: the shape all four share (macros/stg_marketsharp_contact.sql).
{{ stg_marketsharp_contact('prospects', 'prospect_id') }}
