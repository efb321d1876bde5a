#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_site.settings")
    # manage.py is the developer's tool: it defaults to development settings. Production sets
    # DJANGO_DEBUG=false explicitly, and gunicorn (mentoring_site.wsgi) has no such default.
    os.environ.setdefault("DJANGO_DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
