from tap_arrivy.tap import TapArrivy

TapArrivy.cli()
