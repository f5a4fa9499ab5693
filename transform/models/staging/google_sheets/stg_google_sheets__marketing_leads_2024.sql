-- The 2024 marketing-leads sheet (no utm_campaign / genius_division columns that year).
{{ stg_google_sheets_leads('marketing_leads_2024', 2024, later_columns=false) }}
