from tap_callrail.tap import TapCallRail

TapCallRail.cli()
