"""Views: see programmes/urls.py."""
