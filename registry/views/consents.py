"""Views: see registry/urls.py."""
