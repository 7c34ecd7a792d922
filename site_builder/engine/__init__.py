"""The rules engine: condition model and the JSON Logic evaluator."""
