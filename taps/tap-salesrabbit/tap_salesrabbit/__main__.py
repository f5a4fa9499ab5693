from tap_salesrabbit.tap import TapSalesRabbit

TapSalesRabbit.cli()
