#!/usr/bin/env python3
"""Answers of a build, to show that a change keeps behaviour: replays a fixed
script of about 170 API and page requests (every operation, its errors,
another account's ids, the pages and their forms) against a NutriNube binary
on a fresh database, and prints status, chosen headers and bodies with time
stamps, secrets and CSRF tokens normalised. Diff two builds' outputs:

    python3 scripts/replay-answers.py OLD_BIN 18099 > old.txt
    python3 scripts/replay-answers.py NEW_BIN 18098 > new.txt
    diff old.txt new.txt

SQLite in a temporary directory by default; REPLAY_DATABASE_URL names an
empty PostgreSQL database instead (one per run). Run both on the same UTC day:
some pages show today's date."""
import json, os, re, socket, subprocess, sys, tempfile, time, http.client

BIN = sys.argv[1]
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 18099
tmp = tempfile.mkdtemp()
env = dict(os.environ)
env["DATABASE_URL"] = env.get("REPLAY_DATABASE_URL", f"sqlite://{tmp}/replay.db")
env["NUTRINUBE_LISTEN"] = f"127.0.0.1:{PORT}"
env["NUTRINUBE_LOG"] = "warn"
proc = subprocess.Popen([BIN], env=env, stdout=subprocess.DEVNULL, stderr=open(f"{tmp}/log", "w"))

def raw(method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    h = dict(headers or {})
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
        h.setdefault("Content-Type", "application/json")
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read()
    hs = r.getheaders()
    c.close()
    return r.status, hs, data

for _ in range(300):
    try:
        if raw("GET", "/health/ready")[0] == 200:
            break
    except OSError:
        pass
    time.sleep(0.1)

KEEP = {"content-type", "location", "retry-after", "www-authenticate", "allow", "cache-control",
        "content-security-policy", "content-disposition", "x-frame-options", "referrer-policy",
        "x-content-type-options"}

def norm(text):
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?", "<TS>", text)
    text = re.sub(r"nn_[A-Za-z0-9_-]{20,}", "<TOKEN>", text)
    text = re.sub(r'name="csrf" value="[^"]*"', 'name="csrf" value="<CSRF>"', text)
    text = re.sub(r'content="[A-Za-z0-9_-]{43}"', 'content="<CSRF>"', text)
    text = re.sub(r"\d+ (ms|seconds?|s)\b", "<N> \\1", text)
    text = re.sub(r"Expires=[^;]*GMT", "Expires=<T>", text)
    text = re.sub(r"try again in \d+", "try again in <N>", text)
    text = re.sub(r"(\d\d? [A-Z][a-z]{2} \d{4}) \d\d:\d\d UTC", r"\1 <HM> UTC", text)
    return text

cookies = {}
def call(label, method, path, body=None, auth=None, headers=None, form=None, show=True):
    h = dict(headers or {})
    if auth == "cookie" and cookies:
        h["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    elif auth:
        h["Authorization"] = auth
    if form is not None:
        import urllib.parse
        body = urllib.parse.urlencode(form)
        h["Content-Type"] = "application/x-www-form-urlencoded"
    st, hs, data = raw(method, path, body, h)
    out = [f"### {label}: {method} {path} -> {st}"]
    for k, v in hs:
        kl = k.lower()
        if kl == "set-cookie":
            name, _, rest = v.partition("=")
            val, _, attrs = rest.partition(";")
            cookies[name] = val
            if val == "":
                cookies.pop(name, None)
            out.append(f"  set-cookie: {name}=<{'empty' if not val else 'v'}>;{norm(attrs)}")
        elif kl in KEEP:
            out.append(f"  {kl}: {norm(v)}")
    if show:
        t = data.decode("utf-8", "replace")
        out.append(norm(t))
    print("\n".join(out))
    return st, hs, data

def js(data):
    return json.loads(data)

A = "/api/v1"
call("live", "GET", "/health/live")
call("openapi", "GET", A + "/openapi.json")
# auth
call("reg bad", "POST", A + "/auth/register", {"username": "A", "password": 3})
call("reg not json", "POST", A + "/auth/register", "{", headers={"Content-Type": "application/json"})
call("reg wrong ct", "POST", A + "/auth/register", "{}", headers={"Content-Type": "text/plain"})
call("reg shape", "POST", A + "/auth/register", [1, 2])
call("reg", "POST", A + "/auth/register", {"username": "Alice", "password": "correct horse"})
call("reg dup", "POST", A + "/auth/register", {"username": "alice", "password": "correct horse"})
call("reg bob", "POST", A + "/auth/register", {"username": "bob", "password": "battery staple"})
call("login wrong", "POST", A + "/auth/login", {"username": "alice", "password": "nope nope"})
call("login nul", "POST", A + "/auth/login", {"username": "al\u0000ice", "password": "nope nope"})
call("login missing", "POST", A + "/auth/login", {})
call("login", "POST", A + "/auth/login", {"username": "ALICE ", "password": "correct horse"})
call("me", "GET", A + "/me", auth="cookie")
call("me none", "GET", A + "/me")
call("me forged", "GET", A + "/me", auth="Bearer nn_forged")
call("me badscheme", "GET", A + "/me", auth="Basic abc")
# goals & profile
call("goals default", "GET", A + "/goals", auth="cookie")
call("goals bad", "PUT", A + "/goals", {"calories": 0.04, "protein_g": -1, "fat_g": "x"}, auth="cookie")
call("goals", "PUT", A + "/goals", {"calories": 2400.06, "protein_g": 150, "fat_g": 70, "carbs_g": 250}, auth="cookie")
call("suggest missing", "GET", A + "/goals/suggested", auth="cookie")
call("profile bad", "PUT", A + "/profile", {"sex": "x", "birth_date": "2999-01-01", "height_cm": 10, "weight_kg": 1000, "activity_level": "lazy"}, auth="cookie")
call("profile future", "PUT", A + "/profile", {"birth_date": "2999-01-01"}, auth="cookie")
call("profile", "PUT", A + "/profile", {"sex": "female", "birth_date": "1990-01-01", "height_cm": 170, "activity_level": "moderate"}, auth="cookie")
call("profile get", "GET", A + "/profile", auth="cookie")
# weights
call("weight bad date", "PUT", A + "/weights/2026-02-30", {"weight_kg": 70}, auth="cookie")
call("weight bad", "PUT", A + "/weights/2026-03-01", {"weight_kg": 10}, auth="cookie")
call("weight", "PUT", A + "/weights/2026-03-01", {"weight_kg": 70.44}, auth="cookie")
call("weight2", "PUT", A + "/weights/2026-03-05", {"weight_kg": 69.5}, auth="cookie")
call("weights", "GET", A + "/weights?from=2026-01-01&to=2026-12-31", auth="cookie")
call("weights bad", "GET", A + "/weights?from=2026-01-01", auth="cookie")
call("weights long", "GET", A + "/weights?from=2020-01-01&to=2026-12-31", auth="cookie")
call("suggest", "GET", A + "/goals/suggested", auth="cookie")
# foods catalogue
call("search", "GET", A + "/foods?q=chedar%20chese&limit=3", auth="cookie")
call("search apple", "GET", A + "/foods?q=apple&limit=5", auth="cookie")
call("search long", "GET", A + "/foods?q=" + "a" * 201, auth="cookie")
call("search nul", "GET", A + "/foods?q=a%00b", auth="cookie")
call("search limit", "GET", A + "/foods?q=egg&limit=0", auth="cookie")
st, _, d = call("search oats", "GET", A + "/foods?q=oats&limit=1", auth="cookie")
oats = js(d)["items"][0]
call("food get", "GET", A + f"/foods/{oats['id']}", auth="cookie")
call("food create bad", "POST", A + "/foods", {"name": "", "calories": -1, "servings": [{"label": "", "grams": 0}]}, auth="cookie")
st, _, d = call("food create", "POST", A + "/foods", {"name": "My bar", "brand": "Me", "calories": 400, "protein_g": 20, "fat_g": 15, "carbs_g": 45, "servings": [{"label": "1 bar", "grams": 50}]}, auth="cookie")
bar = js(d)
call("food patch", "PATCH", A + f"/foods/{bar['id']}", {"name": "My bar 2", "servings": [{"label": "1 bar", "grams": 55}, {"label": "half", "grams": 27.5}]}, auth="cookie")
call("food patch catalogue", "PATCH", A + f"/foods/{oats['id']}", {"name": "x"}, auth="cookie")
call("food 404", "GET", A + "/foods/999999999", auth="cookie")
call("food badid", "GET", A + "/foods/abc", auth="cookie")
# food entries
call("fe bad", "POST", A + "/food-entries", {"date": "2026-3-1", "meal": "brunch", "calories": "lots"}, auth="cookie")
call("fe nothing", "POST", A + "/food-entries", {}, auth="cookie")
call("fe hand", "POST", A + "/food-entries", {"date": "2026-03-01", "meal": "breakfast", "name": "Toast", "calories": 250.55, "protein_g": 8}, auth="cookie")
call("fe cat", "POST", A + "/food-entries", {"date": "2026-03-01", "meal": "lunch", "food_id": oats["id"], "quantity_g": 80}, auth="cookie")
call("fe cat calories", "POST", A + "/food-entries", {"date": "2026-03-01", "food_id": oats["id"], "quantity_g": 80, "calories": 5}, auth="cookie")
call("fe cat noq", "POST", A + "/food-entries", {"date": "2026-03-01", "food_id": oats["id"]}, auth="cookie")
call("fe serving", "POST", A + "/food-entries", {"date": "2026-03-01", "meal": "snack", "food_id": bar["id"], "serving": "half", "serving_count": 3}, auth="cookie")
call("fe serving bad", "POST", A + "/food-entries", {"date": "2026-03-01", "food_id": bar["id"], "serving": "whole", "serving_count": 300}, auth="cookie")
call("fe serving both", "POST", A + "/food-entries", {"date": "2026-03-01", "food_id": bar["id"], "serving": "half", "quantity_g": 3}, auth="cookie")
call("fe hand q", "POST", A + "/food-entries", {"date": "2026-03-01", "name": "x", "calories": 1, "quantity_g": 3, "serving_count": 2}, auth="cookie")
call("fe food 404", "POST", A + "/food-entries", {"date": "2026-03-01", "food_id": 999999, "quantity_g": 3}, auth="cookie")
st, _, d = call("fe list", "GET", A + "/food-entries?date=2026-03-01", auth="cookie")
entries = js(d)["items"]
e0, e1 = entries[0]["id"], entries[1]["id"]
call("fe list range", "GET", A + "/food-entries?from=2026-03-01&to=2026-03-31", auth="cookie")
call("fe list bad", "GET", A + "/food-entries?from=2026-03-31&to=2026-03-01", auth="cookie")
call("fe list none", "GET", A + "/food-entries", auth="cookie")
call("fe list both", "GET", A + "/food-entries?date=2026-03-01&from=2026-03-01&to=2026-03-02", auth="cookie")
call("fe get", "GET", A + f"/food-entries/{e0}", auth="cookie")
call("fe patch bad", "PATCH", A + f"/food-entries/{e0}", {"name": None, "meal": "x", "quantity_g": 5}, auth="cookie")
call("fe patch", "PATCH", A + f"/food-entries/{e0}", {"meal": "dinner", "calories": 300}, auth="cookie")
call("fe patch q", "PATCH", A + f"/food-entries/{e1}", {"quantity_g": 40}, auth="cookie")
call("fe patch serving", "PATCH", A + f"/food-entries/{e1}", {"serving": "nope"}, auth="cookie")
call("fe patch unlink", "PATCH", A + f"/food-entries/{e1}", {"food_id": None}, auth="cookie")
call("fe patch relink", "PATCH", A + f"/food-entries/{e1}", {"food_id": bar["id"], "quantity_g": 10}, auth="cookie")
call("fe patch calories on cat", "PATCH", A + f"/food-entries/{e1}", {"calories": 10000}, auth="cookie")
call("fe copy bad", "POST", A + "/food-entries/copy", {"from_date": "2026-03-01", "to_date": "2026-03-01", "meal": "x"}, auth="cookie")
call("fe copy empty", "POST", A + "/food-entries/copy", {"from_date": "2026-01-01", "to_date": "2026-03-02"}, auth="cookie")
call("fe copy", "POST", A + "/food-entries/copy", {"from_date": "2026-03-01", "to_date": "2026-03-02", "meal": "dinner"}, auth="cookie")
# activities
call("act search", "GET", A + "/activities?q=running&limit=3", auth="cookie")
call("act search all", "GET", A + "/activities", auth="cookie")
call("ae bad", "POST", A + "/activity-entries", {"date": "x", "duration_min": 0, "kcal_burned": -5}, auth="cookie")
call("ae hand", "POST", A + "/activity-entries", {"date": "2026-03-01", "name": "Walk", "duration_min": 30, "kcal_burned": 120}, auth="cookie")
call("ae cat", "POST", A + "/activity-entries", {"date": "2026-03-03", "activity_id": 1, "duration_min": 45}, auth="cookie")
call("ae cat 404", "POST", A + "/activity-entries", {"date": "2026-03-03", "activity_id": 99999, "duration_min": 45}, auth="cookie")
st, _, d = call("ae list", "GET", A + "/activity-entries?from=2026-03-01&to=2026-03-31", auth="cookie")
acts = js(d)["items"]
a0, a1 = acts[0]["id"], acts[1]["id"]
call("ae get", "GET", A + f"/activity-entries/{a1}", auth="cookie")
call("ae patch dur", "PATCH", A + f"/activity-entries/{a1}", {"duration_min": 60}, auth="cookie")
call("ae patch date", "PATCH", A + f"/activity-entries/{a1}", {"date": "2026-03-06"}, auth="cookie")
call("ae patch kcal", "PATCH", A + f"/activity-entries/{a0}", {"kcal_burned": 99.99, "name": ""}, auth="cookie")
call("ae patch null", "PATCH", A + f"/activity-entries/{a0}", {"duration_min": None}, auth="cookie")
# summaries
call("daily", "GET", A + "/summary/daily?date=2026-03-01", auth="cookie")
call("daily bad", "GET", A + "/summary/daily?date=x", auth="cookie")
call("daily none", "GET", A + "/summary/daily", auth="cookie")
call("daily unauth bad", "GET", A + "/summary/daily?date=x")
call("range", "GET", A + "/summary?from=2026-02-27&to=2026-03-06", auth="cookie")
call("range date", "GET", A + "/summary?date=2026-03-01", auth="cookie")
call("range long", "GET", A + "/summary?from=2025-01-01&to=2026-03-06", auth="cookie")
call("recent", "GET", A + "/foods/recent", auth="cookie")
# tokens
call("token bad", "POST", A + "/tokens", {"name": "", "password": "correct horse"}, auth="cookie")
st, _, d = call("token", "POST", A + "/tokens", {"name": "phone", "password": "correct horse"}, auth="cookie")
tok = js(d)["token"]
tid = js(d)["id"]
call("tokens", "GET", A + "/tokens", auth="cookie")
call("me by token", "GET", A + "/me", auth="Bearer " + tok)
call("daily by token", "GET", A + "/summary/daily?date=2026-03-01", auth="bearer " + tok)
# export
call("export json", "GET", A + "/export?format=json", auth="cookie")
call("export csv", "GET", A + "/export?format=csv", auth="cookie")
call("export bad", "GET", A + "/export?format=xml", auth="cookie")
call("export default", "GET", A + "/export", auth="cookie")
# other account's ids
bob = {}
saved = dict(cookies)
cookies.clear()
call("login bob", "POST", A + "/auth/login", {"username": "bob", "password": "battery staple"})
call("bob fe", "GET", A + f"/food-entries/{e0}", auth="cookie")
call("bob fe patch", "PATCH", A + f"/food-entries/{e0}", {"name": "x"}, auth="cookie")
call("bob fe del", "DELETE", A + f"/food-entries/{e0}", auth="cookie")
call("bob ae", "GET", A + f"/activity-entries/{a0}", auth="cookie")
call("bob food", "GET", A + f"/foods/{bar['id']}", auth="cookie")
call("bob token del", "DELETE", A + f"/tokens/{tid}", auth="cookie")
call("bob log bar", "POST", A + "/food-entries", {"date": "2026-03-01", "food_id": bar["id"], "quantity_g": 3}, auth="cookie")
call("bob pw bad", "PUT", A + "/me/password", {"current_password": "wrong wrong", "new_password": "short"}, auth="cookie")
call("bob pw wrong", "PUT", A + "/me/password", {"current_password": "wrong wrong", "new_password": "long enough"}, auth="cookie")
call("bob pw", "PUT", A + "/me/password", {"current_password": "battery staple", "new_password": "long enough"}, auth="cookie")
call("bob del wrong", "DELETE", A + "/me", {"password": "battery staple"}, auth="cookie")
call("bob del", "DELETE", A + "/me", {"password": "long enough"}, auth="cookie")
call("bob me after", "GET", A + "/me", auth="cookie")
cookies.clear(); cookies.update(saved)
# deletes
call("fe del", "DELETE", A + f"/food-entries/{e0}", auth="cookie")
call("fe del again", "DELETE", A + f"/food-entries/{e0}", auth="cookie")
call("ae del", "DELETE", A + f"/activity-entries/{a0}", auth="cookie")
call("weight del", "DELETE", A + "/weights/2026-03-05", auth="cookie")
call("weight del again", "DELETE", A + "/weights/2026-03-05", auth="cookie")
call("food del", "DELETE", A + f"/foods/{bar['id']}", auth="cookie")
call("token del", "DELETE", A + f"/tokens/{tid}", auth="cookie")
call("method", "PUT", A + "/food-entries", {}, auth="cookie")
call("noroute", "GET", A + "/nothing", auth="cookie")
call("noroute html", "GET", "/nothing", headers={"Accept": "text/html"})
call("toolarge", "POST", A + "/food-entries", "{" + " " * 70000 + "}", auth="cookie", headers={"Content-Type": "application/json"})
# web pages (with the session cookie)
for p in ["/", "/diary?date=2026-03-01", "/diary?date=2026-03-01&q=oats&aq=run", "/history?days=30", "/goals", "/settings", f"/diary/food/{e1}", f"/diary/activity/{a1}", "/diary/food/99999", "/login", "/register"]:
    st, hs, d = call("page " + p, "GET", p, auth="cookie", show=False)
    body = d.decode()
    # today-dependent pages: keep only structure-ish parts
    print(norm(re.sub(r"\d{4}-\d\d-\d\d", "<D>", body)) if p in ["/", "/history?days=30", "/goals", "/settings"] else norm(body))

def csrf_of(path):
    st, hs, d = raw("GET", path, None, {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())})
    for k, v in hs:
        if k.lower() == "set-cookie":
            name, _, rest = v.partition("=")
            cookies[name] = rest.partition(";")[0]
    m = re.search(r'name="csrf" value="([^"]*)"', d.decode())
    return m.group(1) if m else ""

c = csrf_of("/diary?date=2026-03-01")
call("web add hand bad", "POST", "/diary/food", form={"csrf": c, "date": "2026-03-01", "meal": "lunch", "name": "", "calories": "abc"}, auth="cookie")
call("web add hand", "POST", "/diary/food", form={"csrf": c, "date": "2026-03-01", "meal": "lunch", "name": "Soup", "calories": "120,5"}, auth="cookie")
call("web add cat", "POST", "/diary/food", form={"csrf": c, "date": "2026-03-01", "meal": "lunch", "food_id": str(oats["id"]), "amount": "30", "unit": "g"}, auth="cookie")
call("web add cat bad", "POST", "/diary/food", form={"csrf": c, "date": "2026-03-01", "meal": "lunch", "food_id": str(oats["id"]), "amount": "x", "unit": "g", "q": "oats"}, auth="cookie")
call("web add nocsrf", "POST", "/diary/food", form={"date": "2026-03-01", "name": "x", "calories": "1"}, auth="cookie")
call("web act bad", "POST", "/diary/activity", form={"csrf": c, "date": "2026-03-01", "name": "Run", "duration_min": "x"}, auth="cookie")
call("web act", "POST", "/diary/activity", form={"csrf": c, "date": "2026-03-01", "activity_id": "1", "duration_min": "20"}, auth="cookie")
call("web edit food bad", "POST", f"/diary/food/{e1}", form={"csrf": c, "date": "2026-03-01", "meal": "lunch", "name": "", "calories": "x"}, auth="cookie")
call("web edit food", "POST", f"/diary/food/{e1}", form={"csrf": c, "date": "2026-03-01", "meal": "lunch", "name": "Bar!", "calories": "99", "protein_g": "1", "fat_g": "2", "carbs_g": "3"}, auth="cookie")
call("web edit act bad", "POST", f"/diary/activity/{a1}", form={"csrf": c, "date": "2026-03-06", "name": "x", "duration_min": "", "kcal_burned": "1"}, auth="cookie")
call("web edit act", "POST", f"/diary/activity/{a1}", form={"csrf": c, "date": "2026-03-06", "name": "Jog", "duration_min": "30", "kcal_burned": "250"}, auth="cookie")
call("web goals bad", "POST", "/goals", form={"csrf": c, "calories": "0", "protein_g": "a", "fat_g": "", "carbs_g": "1"}, auth="cookie")
call("web goals", "POST", "/goals", form={"csrf": c, "calories": "2100", "protein_g": "120", "fat_g": "60", "carbs_g": "230"}, auth="cookie")
call("web suggestion", "POST", "/goals/suggested", form={"csrf": c}, auth="cookie")
call("web profile bad", "POST", "/settings/profile", form={"csrf": c, "sex": "x", "height_cm": "a"}, auth="cookie")
call("web profile", "POST", "/settings/profile", form={"csrf": c, "sex": "male", "birth_date": "1980-02-02", "height_cm": "180", "weight_kg": "80", "activity_level": "light"}, auth="cookie")
call("web token bad", "POST", "/settings/tokens", form={"csrf": c, "name": "", "password": "correct horse"}, auth="cookie")
call("web pw bad", "POST", "/settings/password", form={"csrf": c, "current_password": "x", "new_password": "y"}, auth="cookie")
call("web del food", "POST", f"/diary/food/{e1}/delete", form={"csrf": c, "date": "2026-03-01"}, auth="cookie")
call("web del food again", "POST", f"/diary/food/{e1}/delete", form={"csrf": c, "date": "2026-03-01"}, auth="cookie")
call("web del act", "POST", f"/diary/activity/{a1}/delete", form={"csrf": c, "date": "2026-03-06"}, auth="cookie")
call("page diary after", "GET", "/diary?date=2026-03-01", auth="cookie")
call("web del account bad", "POST", "/settings/delete", form={"csrf": c, "password": "wrong"}, auth="cookie")
call("web logout", "POST", "/logout", form={"csrf": c}, auth="cookie")
call("page after logout", "GET", "/diary", auth="cookie")
cookies.clear()
c = csrf_of("/register")
call("web reg mismatch", "POST", "/register", form={"csrf": c, "username": "carol", "password": "abcdefgh", "password_again": "x"}, auth="cookie")
call("web reg bad", "POST", "/register", form={"csrf": c, "username": "c", "password": "abc", "password_again": "abc"}, auth="cookie")
call("web reg taken", "POST", "/register", form={"csrf": c, "username": "alice", "password": "abcdefgh", "password_again": "abcdefgh"}, auth="cookie")
call("web reg", "POST", "/register", form={"csrf": c, "username": "carol", "password": "abcdefgh", "password_again": "abcdefgh"}, auth="cookie")
c = csrf_of("/login")
call("web login bad", "POST", "/login", form={"csrf": c, "username": "carol", "password": "wrong", "next": "/goals"}, auth="cookie")
call("web login empty", "POST", "/login", form={"csrf": c, "username": "", "password": ""}, auth="cookie")
call("web login", "POST", "/login", form={"csrf": c, "username": "carol", "password": "abcdefgh", "next": "/goals"}, auth="cookie")
call("metrics", "GET", "/metrics", show=False)
proc.terminate()
proc.wait(10)
