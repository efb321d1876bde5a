"""The school's public «Наставничество» section: no login, nothing personal beyond consent."""

from django.urls import path

from roadmap.views import public

app_name = "public"

urlpatterns = [
    path("", public.index, name="index"),
    path("documents/", public.documents, name="documents"),
    path("documents/<int:pk>/file/", public.document_file, name="document_file"),
    path("polozhenie/", public.regulation, name="regulation"),
    path("roadmap/", public.roadmap, name="roadmap"),
    path("news/", public.news_list, name="news_list"),
    path("news/feed/", public.NewsFeed(), name="news_feed"),
    path("news/<int:pk>/", public.news_detail, name="news_detail"),
    path("news/<int:pk>/image/", public.news_image, name="news_image"),
    path("mentors/", public.mentors, name="mentors"),
    path("results/", public.results, name="results"),
    path("practices/<int:pk>/file/", public.practice_file, name="practice_file"),
    path("vision/", public.vision, name="vision"),
]
