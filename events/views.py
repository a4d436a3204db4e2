"""Thin views: parse, call a function, render."""

from django.shortcuts import get_object_or_404, render

from events.models import Event


def map_page(request):
    return render(request, "events/map.html", {})


def event_detail(request, pk: int):
    queryset = Event.objects.select_related("place", "source").prefetch_related(
        "event_actors__actor"
    )
    if not request.user.is_staff:
        queryset = queryset.public()
    event = get_object_or_404(queryset, pk=pk)
    return render(request, "events/event_detail.html", {"event": event})
