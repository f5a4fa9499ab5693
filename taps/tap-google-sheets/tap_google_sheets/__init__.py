"""tap-google-sheets: any Google Sheets tab, one stream per configured sheet."""
