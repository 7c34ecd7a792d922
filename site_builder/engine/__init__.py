"""The rules engine: conditions compiled to JSON Logic (`compile`), answers checked
(`match`) and evaluated with a trace of every condition (`evaluate`), static checks of a
kit's rules (`lint`); `jsonlogic/` is the evaluator itself, standalone."""
