"""Developer tools beside the build: link checker, a local server for Chromium."""
