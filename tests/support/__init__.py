"""What the tests share: model factories, CSV files shaped like ACLED's and UCDP's, scratch
databases other processes can open, gunicorn on a free port (and nginx in front of it), an HTTP
client that speaks to them as a browser would, and the helpers of the admin, hostile-text and
link-copy tests."""
