"""Bad input is refused with a clear message, and creates nothing."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from events.ingest import errors
from events.ingest.errors import IngestError
from events.models import Actor, Event, Place, Source
from events.services.ingest import report_extract, report_ingest

GOOD = "Syrian troops clashed with Daesh fighters in Aleppo on Monday, killing 4."


def counts():
    return [m.objects.count() for m in (Event, Source, Place, Actor)]


@pytest.fixture
def before(db):
    return counts()


@pytest.mark.parametrize(
    "text, message",
    [
        ("", errors.EMPTY_TEXT),
        ("  \n\t \n", errors.EMPTY_TEXT),
        ("text\x00with a NUL", errors.BINARY_TEXT),
        (b"\xff\xfe\x00binary", errors.BINARY_TEXT),
        (b"\xc3\x28 not utf-8", errors.BINARY_TEXT),
        ("The weather was pleasant and the market was busy on Monday.", errors.NO_PLACES),
    ],
)
def test_pipeline_refuses(before, text, message):
    with pytest.raises(IngestError) as info:
        report_ingest(text, published=dt.date(2017, 1, 18))
    assert str(info.value) == message
    with pytest.raises(IngestError):
        report_extract(text)
    assert counts() == before


def test_pipeline_refuses_more_than_10_mb(before):
    text = GOOD + " " + "x" * errors.MAX_REPORT_BYTES
    with pytest.raises(IngestError, match="larger than 10 MB"):
        report_ingest(text)
    assert counts() == before


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", errors.EMPTY_TEXT),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", errors.BINARY_TEXT),
        (b"Nothing happened anywhere today.", errors.NO_PLACES),
    ],
)
def test_command_refuses_bad_files(before, tmp_path, content, message):
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError) as info:
        call_command("ingest", str(path))
    assert str(info.value) == f"{path}: {message}"
    assert counts() == before


def test_command_refuses_a_file_over_10_mb_without_reading_it(before, tmp_path):
    path = tmp_path / "big.txt"
    with open(path, "wb") as fh:
        fh.write(GOOD.encode())
        fh.truncate(errors.MAX_REPORT_BYTES + 1)
    with pytest.raises(CommandError) as info:
        call_command("ingest", str(path))
    assert str(info.value) == f"{path}: {errors.TOO_LARGE}"
    assert counts() == before


def test_command_refuses_missing_file_and_bad_date(before, tmp_path):
    with pytest.raises(CommandError) as info:
        call_command("ingest", str(tmp_path / "nope.txt"))
    assert str(info.value) == errors.NOT_FOUND.format(path=tmp_path / "nope.txt")
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    with pytest.raises(CommandError) as info:
        call_command("ingest", str(good), "--published", "18/01/2017")
    assert str(info.value) == errors.BAD_PUBLISHED.format(value="18/01/2017")
    assert counts() == before


def test_one_bad_report_among_several_creates_nothing(before, tmp_path):
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text(GOOD)
    bad.write_text("Nothing happened anywhere today.")
    with pytest.raises(CommandError, match="names no place"):
        call_command("ingest", str(good), str(bad), "--published", "2017-01-18")
    assert counts() == before
    call_command("ingest", str(good), "--published", "2017-01-18")
    assert Event.objects.filter(dataset="ingest").count() == 1
