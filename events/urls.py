from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.map_page, name="map"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
]
