#!/usr/bin/env bash
# Upgrade Kundcenter in place (run as the kundcenter user from /opt/kundcenter after
# `git pull` or unpacking a release): install, migrate, collect static files, compile
# messages, check, then restart the services (as root: sudo systemctl restart ...).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -f /etc/kundcenter/kundcenter.env ]; then
    set -a; . /etc/kundcenter/kundcenter.env; set +a
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    echo "Creating the virtual environment (.venv)"
    "$PYTHON" -m venv .venv
fi
echo "Installing requirements"
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
echo "Applying database migrations"
.venv/bin/python manage.py migrate --no-input
echo "Collecting static files"
.venv/bin/python manage.py collectstatic --no-input -v 0
echo "Compiling translations"
.venv/bin/python manage.py compilemessages -v 0 --ignore=.venv || echo "(gettext not installed: the committed .mo files are used)"
echo "Removing expired sessions"
.venv/bin/python manage.py clearsessions
echo "Checking the deployment"
.venv/bin/python manage.py check --deploy --fail-level ERROR

echo
echo "Done. Restart the services to load the new code:"
echo "  sudo systemctl restart kundcenter-web kundcenter-worker kundcenter-beat"
