-- Contacts of sub-type Customer: the shape all four share (macros/stg_marketsharp_contact.sql).
{{ stg_marketsharp_contact('customers', 'customer_id') }}
