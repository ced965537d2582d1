#!/usr/bin/env bash
# The load test: gunicorn (4 workers) on PostgreSQL with the national synthetic data,
# driven by locust as a regulator, a service manager and an API client. `make loadtest`.
#   LOAD_USERS (20), LOAD_SPAWN_RATE (5), LOAD_DURATION (60s), LOAD_PORT (8765),
#   OUTCOMES_LOAD_DATABASE_URL (a database of its own, made and filled on first use).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=.venv/bin
URL=${OUTCOMES_LOAD_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/outcomes_load}
USERS=${LOAD_USERS:-20}
RATE=${LOAD_SPAWN_RATE:-5}
DURATION=${LOAD_DURATION:-60s}
PORT=${LOAD_PORT:-8765}
OUT=${LOAD_OUTPUT:-var/load}
mkdir -p "$OUT"
: >"$OUT/gunicorn.log"  # gunicorn appends: this run's lines only
export OUTCOMES_DATABASE_URL=$URL

NAME=${URL##*/}
SERVER=${URL%/*}/postgres
# Filled unless it holds reviews already (a database made by a run stopped half-way is
# filled again).
if ! "$BIN/python" - "$SERVER" "$NAME" "$URL" <<'PY'
import sys
from sqlalchemy import create_engine, text
engine = create_engine(sys.argv[1], isolation_level="AUTOCOMMIT")
with engine.connect() as c:
    found = c.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": sys.argv[2]})
    if not found:
        c.exec_driver_sql(f'CREATE DATABASE "{sys.argv[2]}"')
with create_engine(sys.argv[3]).connect() as c:
    filled = c.scalar(text("SELECT to_regclass('review') IS NOT NULL")) and c.scalar(
        text("SELECT EXISTS (SELECT 1 FROM review)")
    )
sys.exit(0 if filled else 1)
PY
then
  echo "== database $NAME holds no reviews: the national synthetic data (a few minutes)"
  "$BIN/outcomes" db upgrade
  "$BIN/outcomes" places import
  "$BIN/outcomes" frameworks load frameworks/
  "$BIN/outcomes" demo --places 300 --services 10 --periods 8
fi
"$BIN/outcomes" db upgrade
ACCOUNTS=$("$BIN/python" tests/load/prepare.py)
export OUTCOMES_LOAD_ACCOUNTS=$ACCOUNTS

export OUTCOMES_SECRET_KEY=load-test-secret
# Limits counted in Redis where one answers (as production must), and high enough that
# the API client measures the API rather than its own limit.
if "$BIN/python" -c 'import redis; redis.Redis(socket_connect_timeout=1).ping()' 2>/dev/null; then
  export OUTCOMES_RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379
fi
export OUTCOMES_RATELIMIT_API="100000 per minute"

"$BIN/gunicorn" --workers 4 --bind "127.0.0.1:$PORT" --timeout 30 \
  --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" 'web:create_app()' \
  2>"$OUT/app.log" &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null; wait $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 60); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 1
done

# Idle: gunicorn.conf.py has the master import the app, pandas and pyarrow before it
# forks, so the workers' RSS counts those shared pages in full; PSS divides them.
IDLE_MEMORY=$("$BIN/python" tests/load/memory.py $GUNICORN)
echo "== load: $USERS users for $DURATION; machine: $(uptime)"
"$BIN/locust" -f tests/load/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
  -u "$USERS" -r "$RATE" -t "$DURATION" --csv "$OUT/load" --only-summary \
  --exit-code-on-error 0 >"$OUT/locust.log" 2>&1
echo "== machine after: $(uptime)"
"$BIN/python" tests/load/summary.py "$OUT/load_stats.csv"
echo "worker timeouts: $(grep -c 'WORKER TIMEOUT' "$OUT/gunicorn.log" || true)"
echo "responses 500: $(grep -c ' 500 ' "$OUT/app.log" || true); stopped at the deadline: $(grep -c 'Stopped at the deadline' "$OUT/app.log" || true)"
echo "report bodies drawn: $(grep -c 'Report body drawn' "$OUT/app.log" || true) (the rest came from the cache)"
echo "worker memory (MB) idle: $IDLE_MEMORY"
echo "worker memory (MB) after the load: $("$BIN/python" tests/load/memory.py $GUNICORN)"
# National reports, each drawn afresh (an argument of its own, new in every run), two at a time as four
# at once pass the worker timeout on a busy 2-core machine; then memory once more.
"$BIN/python" - "http://127.0.0.1:$PORT" <<'PY'
import concurrent.futures, http.cookiejar, json, os, re, sys, urllib.error, urllib.parse, urllib.request
def national(number):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(sys.argv[1] + "/sign-in").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    accounts = json.loads(os.environ["OUTCOMES_LOAD_ACCOUNTS"])
    fields = {"csrf_token": token, "email": accounts["regulator"], "password": accounts["password"]}
    opener.open(sys.argv[1] + "/sign-in", urllib.parse.urlencode(fields).encode())
    try:
        with opener.open(f"{sys.argv[1]}/reports/?framework=public-service-reform&memory={number}-{os.getpid()}") as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
with concurrent.futures.ThreadPoolExecutor(2) as pool:
    print("national reports drawn afresh:", list(pool.map(national, range(4))))
PY
sleep 2  # a worn worker finishes after its response and the master forks a fresh one
echo "worker memory (MB) after them: $("$BIN/python" tests/load/memory.py $GUNICORN)"
echo "workers replaced, still 48 MB above their start after handing memory back: $(grep -c 'replaced: still' "$OUT/gunicorn.log" || true)"
