"""Per-group aggregates and the evidence behind them, concordances."""
