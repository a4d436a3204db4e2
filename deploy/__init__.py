"""Deployment files: the nginx that scripts/serve.sh puts in front of gunicorn."""
