from tap_google_sheets.tap import TapGoogleSheets

TapGoogleSheets.cli()
