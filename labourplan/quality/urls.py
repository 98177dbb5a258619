from django.urls import path

from labourplan.quality import views

app_name = "quality"

urlpatterns = [
    path("", views.finding_list, name="list"),
    path("run/", views.run_checks, name="run"),
    path("scores/", views.score_list, name="scores"),
    path("rules/<int:year>/", views.rule_list, name="rules"),
    path("<int:pk>/", views.finding_detail, name="detail"),
    path("<int:pk>/ask/", views.finding_ask, name="ask"),
    path("<int:pk>/answer/", views.finding_answer, name="answer"),
    path("<int:pk>/close/", views.finding_close, name="close"),
]
