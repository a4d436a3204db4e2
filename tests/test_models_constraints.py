"""What must never be stored is refused by the database itself, not only by forms."""

import datetime as dt

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import ActorAlias, Event
from tests.support.factories import actor_make, event_build, event_make, place_make


def refused(make, **fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        make(**fields)


@pytest.mark.parametrize("x,y", [(181, 10), (-181, 10), (10, 91), (10, -90.5)])
def test_event_coordinates_out_of_range_are_refused(db, x, y):
    refused(event_make, location=Point(x, y, srid=4326))


def test_place_coordinates_out_of_range_are_refused(db):
    refused(place_make, name="Nowhere", point=Point(200, 0, srid=4326))


def test_coordinates_at_the_limits_are_accepted(db):
    event_make(location=Point(180, -90, srid=4326))
    event_make(location=Point(-180, 90, srid=4326))
    assert Event.objects.count() == 2


def test_negative_fatalities_are_refused(db):
    refused(event_make, fatalities=-1)


def test_end_before_start_is_refused(db):
    refused(event_make, date=dt.date(2017, 1, 18), end_date=dt.date(2017, 1, 17))


def test_duplicate_alias_is_refused_whatever_the_spelling(db):
    daesh = actor_make("Islamic State")
    other = actor_make("Other")
    ActorAlias.objects.create(actor=daesh, alias="Daesh")
    with pytest.raises(IntegrityError), transaction.atomic():
        ActorAlias.objects.create(actor=other, alias="DAESH")


def test_duplicate_external_id_in_one_dataset_is_refused(db):
    event_make(dataset="acled", external_id="SYR1")
    event_make(dataset="ucdp", external_id="SYR1")
    event_make(dataset="acled", external_id="")
    event_make(dataset="acled", external_id="")
    refused(event_make, dataset="acled", external_id="SYR1")


def test_model_validation_explains_constraints_before_the_database_does(db):
    event = event_build(fatalities=-3, date=dt.date(2017, 1, 18), end_date=dt.date(2016, 1, 1))
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    messages = " ".join(error.value.messages)
    assert "end date cannot be before" in messages
    assert "greater than or equal to 0" in messages or "cannot be negative" in messages


def test_sub_event_type_must_belong_to_the_event_type(db):
    event = event_build(event_type="Battles", sub_event_type="Air/drone strike")
    with pytest.raises(ValidationError, match="not a sub-type of 'Battles'"):
        event.full_clean()


def test_an_event_without_a_place_is_kept_as_unlocated(db):
    event = event_make(place_name="Khirbet Nowhere", location=None)
    assert not event.is_located
    assert list(Event.objects.unlocated()) == [event]
