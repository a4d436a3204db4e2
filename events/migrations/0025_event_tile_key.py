# The vector tiles' index (PostgreSQL only; SpatiaLite reads its R*Tree and skips this): each
# public located event's position as a zoom-30 Web Mercator tile number, its x and y bits
# interleaved (a Morton / quadkey order), so that any tile z/x/y at any zoom is one range of it:
# [key(x, y) << 2(30 - z), (key(x, y) + 1) << 2(30 - z)). With what the filter and the clusters
# read INCLUDEd (the point itself among them), a zoomed-out tile of 80,000 events is an
# index-only range scan instead of 12,000 random table pages: ~100 ms instead of ~700 at 1M
# events (bench/bench_tiles.py). events/selectors/tiles.py computes the same ranges in Python
# (tests/test_tiles.py checks both agree). plpgsql, not SQL: an SQL function would be inlined
# into the query's expression and might then not match the index's.
#
# A frozen copy, as every migration's SQL: a change is a new migration.

from django.db import migrations

SPREAD = """
  {v} := ({v} | ({v} << 16)) & 281470681808895;
  {v} := ({v} | ({v} << 8)) & 71777214294589695;
  {v} := ({v} | ({v} << 4)) & 1085102592571150095;
  {v} := ({v} | ({v} << 2)) & 3689348814741910323;
  {v} := ({v} | ({v} << 1)) & 6148914691236517205;
"""

FUNCTION = f"""
CREATE OR REPLACE FUNCTION events_tile_key(g geometry) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  n constant double precision := 1073741824;  -- 2^30 tiles across at zoom 30
  lat double precision := radians(least(greatest(ST_Y(g), -85.0511287798066), 85.0511287798066));
  x bigint := least(greatest(floor((ST_X(g) + 180) / 360 * n), 0), n - 1);
  y bigint := least(greatest(floor((1 - asinh(tan(lat)) / pi()) / 2 * n), 0), n - 1);
BEGIN
  {SPREAD.format(v="x")}
  {SPREAD.format(v="y")}
  RETURN x | (y << 1);
END $$
"""

INDEX = """
CREATE INDEX IF NOT EXISTS event_public_tile_key ON events_event (events_tile_key(location))
INCLUDE (location, id, date, end_date, event_type, sub_event_type, country_code, fatalities,
         dataset)
WHERE status = 'verified' AND location IS NOT NULL
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)
        schema_editor.execute(INDEX)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS event_public_tile_key")
        schema_editor.execute("DROP FUNCTION IF EXISTS events_tile_key(geometry)")


class Migration(migrations.Migration):
    dependencies = [("events", "0024_api_tokens")]

    operations = [migrations.RunPython(install, uninstall)]
