from tap_five9.tap import TapFive9

TapFive9.cli()
