from django.apps import AppConfig


class MentoringSiteConfig(AppConfig):
    name = "mentoring_site"
    verbose_name = "Наставничество"

    def ready(self):
        # Connects the login signal that starts a session's clock (mentoring_site.auth).
        from mentoring_site import auth  # noqa: F401
