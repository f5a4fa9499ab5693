from tap_leadconduit.tap import TapLeadConduit

TapLeadConduit.cli()
