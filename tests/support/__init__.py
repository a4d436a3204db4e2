"""What the tests share: model factories, CSV files shaped like ACLED's and UCDP's, a gunicorn
server on a free port, scratch databases other processes can open, and the helpers of the admin,
hostile-text and link-copy tests."""
