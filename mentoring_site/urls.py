from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from mentoring_site import auth, views
from roadmap.views import public

admin.site.site_header = _("Наставничество: администрирование")
admin.site.site_title = _("Наставничество")
# The admin's login goes through the same throttle as the site's.
admin.site.login_form = auth.AdminLoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=auth.LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("o/<slug:org>/", include("registry.urls")),
    path("o/<slug:org>/", include("programmes.urls")),
    path("o/<slug:org>/", include("roadmap.urls")),
    path("calendar/", include("roadmap.urls_calendar")),
    path("reminders/", include("roadmap.urls_reminders")),
    path("s/", include("registry.urls_public")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", public.sitemap, name="sitemap"),
    # Last: the public section answers at the school's own slug.
    path("<slug:org>/nastavnichestvo/", include("roadmap.urls_public")),
]
