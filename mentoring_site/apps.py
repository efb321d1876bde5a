from django.apps import AppConfig


class MentoringSiteConfig(AppConfig):
    name = "mentoring_site"
    verbose_name = "Наставничество"
