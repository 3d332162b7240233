"""The dashboard's pages (routed by app.py) and their shared helpers in `ui`."""
