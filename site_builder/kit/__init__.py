"""Loading: a kit folder -> the `Kit` model, every problem of every file located and
reported at once. Nothing here renders; `load.load_kit` is the entry point."""
