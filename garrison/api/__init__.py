"""The JSON API and the web app (``garrison serve``): see docs/api.md."""
