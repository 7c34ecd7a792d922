"""The development server: build, serve the last good build on 127.0.0.1, rebuild on
every change (`rebuild`), and the HTTP side that serves only the output folder (`http`)."""
