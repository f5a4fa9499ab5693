-- The 2025 marketing-leads sheet.
{{ stg_google_sheets_leads('marketing_leads_2025', 2025) }}
