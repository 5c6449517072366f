"""Anchor for bench/device: the work MVT's sms, safari_history and datausage modules do, written
anew in plain Python over the same backup.

This is not MVT: MVT cannot be installed here (PyPI is unreachable). It follows what MVT's sources
do, step by step:
- each module's own query (sms: `SELECT message.*`, every column into a dict, binary ones in
  base64; safari_history: visits with their redirect columns; datausage: usage rows joined with
  their processes, plus processes without usage), one dict per record with its ISO times;
- indicators kept as MVT keeps them, in collections that a generator turns into one dict per
  indicator on every lookup; URLs checked as MVT's check_url does with Debian's python3-tld and
  python3-ahocorasick (the URL parsed twice by tld, for the domain and the registered domain, then
  an Aho-Corasick automaton over each), behind MVT's 128-entry LRU cache; processes by a scan of the
  indicators;
- MVT's heuristics, with MVT's algorithms: the search for injected redirects in Safari history (for
  each plain-HTTP visit that redirected, a scan of every visit for its destination) and, in data
  usage, manipulated and deleted process records (the hole search tests each number against the
  sorted list of ids). Timed apart, as "heuristics";
- MVT's to_timeline in each module (its serialize per record, then the rows made unique by their
  JSON text) and <slug>.json written with json.dump(indent=4); after the modules, MVT's
  save_timeline: every module's rows sorted by time into one timeline.csv, every field quoted.
It skips MVT's logging, its alert store and its check for URL shorteners (a HEAD request for each
shortened link), so MVT itself is slower than this anchor.
Without python3-tld and python3-ahocorasick it checks URLs with set lookups and says so.
Usage: anchor.py BACKUP OUT DOMAINS_FILE PROCESSES_FILE  -> prints JSON {slug: {...}, "_timeline": {...}}
"""
import base64, csv, datetime, functools, hashlib, json, operator, os, re, sqlite3, sys, time

backup, out, domains_file, processes_file = sys.argv[1:5]
COLLECTIONS = [
    {"name": "Amnesty", "stix2_file_name": "indicators.stix2", "urls": [],
     "domains": sorted({l.strip().lower() for l in open(domains_file) if l.strip()}),
     "processes": [l.strip() for l in open(processes_file) if l.strip()]},
]
TIMELINE = []
LINK = re.compile(r"(?P<url>https?://[^\s]+)", re.I)  # MVT's check_for_links
os.makedirs(out, exist_ok=True)


def get_iocs(kind):
    for coll in COLLECTIONS:
        for ioc in coll.get(kind, []):
            yield {"value": ioc, "type": kind, "name": coll["name"], "stix2_file_name": coll["stix2_file_name"]}


def stored(domain, rel):
    fid = hashlib.sha1(f"{domain}-{rel}".encode()).hexdigest()
    return os.path.join(backup, fid[:2], fid)


try:
    import ahocorasick
    from tld import get_tld

    FLAVOUR = "tld + Aho-Corasick, as MVT's check_url"
    AUTOMATON = ahocorasick.Automaton()
    for ioc in get_iocs("domains"):
        AUTOMATON.add_word(ioc["value"], ioc)
    AUTOMATON.make_automaton()

    class URL:
        def __init__(self, url):
            self.url = url
            self.domain = self._part(lambda p: p.parsed_url.netloc.lower())
            self.top_level = self._part(lambda p: p.fld.lower())

        def _part(self, pick):
            try:
                return pick(get_tld(self.url, as_object=True, fix_protocol=True))
            except Exception:
                return None

    @functools.lru_cache(maxsize=128)
    def check_url(url):
        if not url or not isinstance(url, str):
            return None
        for ioc in get_iocs("urls"):
            if ioc["value"] == url:
                return ioc
        parsed = URL(url)
        if parsed.domain is None or parsed.top_level is None:
            for _, ioc in AUTOMATON.iter(url):
                if ioc["value"] in url:
                    return ioc
            return None
        for name in (parsed.domain, parsed.top_level):
            for _, ioc in AUTOMATON.iter(name):
                if ioc["value"] == name:
                    return ioc
        return None

    def domain_of(url):
        return URL(url).domain or ""

except ImportError:
    FLAVOUR = "standard library only (set lookups)"
    DOMAINS = set(COLLECTIONS[0]["domains"])

    def domain_of(url):
        return url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()

    @functools.lru_cache(maxsize=128)
    def check_url(url):
        parts = domain_of(url).split(".")
        for i in range(len(parts) - 1):
            if ".".join(parts[i:]) in DOMAINS:
                return ".".join(parts[i:])
        return None


def check_process(name):
    if not name:
        return None
    base = os.path.basename(name)
    for ioc in get_iocs("processes"):
        if base == ioc["value"] or (len(base) == 15 and ioc["value"].startswith(base)):
            return ioc
    return None


def rows(db, sql):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql)]
    finally:
        conn.close()


def apple(t):
    # MVT's convert_mactime_to_iso: nothing for a missing or 0 time, 18-digit nanoseconds cut to
    # their first 9 digits, then a datetime written "%Y-%m-%d %H:%M:%S.%f".
    if not t:
        return ""
    if isinstance(t, int) and len(str(t)) == 18:
        t = int(str(t)[:9])
    try:
        d = datetime.datetime.fromtimestamp(float(t + 978307200), tz=datetime.timezone.utc)
    except (OSError, OverflowError, ValueError):
        return ""
    return d.astimezone(tz=datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def finish(slug, results, check, started, serialize, heuristics=None):
    hits = 0
    spent, found = 0.0, 0
    if heuristics:
        h = time.perf_counter()
        found = heuristics(results)
        spent = time.perf_counter() - h
    for r in results:
        m = check(r)
        if m:
            r["matched_indicator"] = m["value"] if isinstance(m, dict) else m
            hits += 1
    # MVT's to_timeline: each record serialized to its rows, the rows made unique through JSON text.
    rows = []
    for r in results:
        rows.extend(serialize(r))
    TIMELINE.extend(json.loads(t) for t in {json.dumps(row, sort_keys=True) for row in rows})
    with open(os.path.join(out, f"{slug}.json"), "w") as f:
        json.dump(results, f, indent=4, default=str)
    return {"rows": len(results), "seconds": time.perf_counter() - started, "hits": hits, "heuristic_seconds": spent, "heuristic_hits": found}


def save_timeline():
    """MVT's save_timeline: every module's rows in one CSV, sorted by time, every field quoted."""
    t = time.perf_counter()
    with open(os.path.join(out, "timeline.csv"), "w", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=",", quotechar='"', quoting=csv.QUOTE_ALL, escapechar="\\")
        w.writerow(["UTC Timestamp", "Plugin", "Event", "Description"])
        for e in sorted(TIMELINE, key=lambda x: x["timestamp"] if x["timestamp"] is not None else ""):
            w.writerow([e.get("timestamp"), e.get("module"), e.get("event"), e.get("data")])
    return {"rows": len(TIMELINE), "seconds": time.perf_counter() - t}


BINARY = ("attributedBody", "payload_data", "message_summary_info")


def sms():
    t = time.perf_counter()
    results = rows(stored("HomeDomain", "Library/SMS/sms.db"), 'SELECT message.*, handle.id AS "phone_number" FROM message, handle WHERE handle.rowid = message.handle_id')
    for r in results:
        for k in BINARY:
            if r.get(k):
                r[k] = base64.b64encode(r[k]).decode()
        r["isodate"] = apple(r.get("date"))
        r["isodate_read"] = apple(r.get("date_read"))
        r["direction"] = "sent" if r.get("is_from_me") == 1 else "received"
        r["text"] = r.get("text") or ""
        r["links"] = LINK.findall(r["text"])

    def check(r):
        for u in r["links"]:
            m = check_url(u)
            if m:
                return m

    def serialize(r):
        text = r["text"].replace("\n", "\\n")
        data = f'{r["service"]}: {r["guid"]} "{text}" from {r["phone_number"]} ({r["account"]})'
        rows = [{"timestamp": r["isodate"], "module": "SMS", "event": "sms_received", "data": data}]
        if r["isodate_read"]:
            rows.append({"timestamp": r["isodate_read"], "module": "SMS", "event": "sms_read", "data": data})
        return rows

    return finish("sms", results, check, t, serialize)


def find_injections(results):
    found = 0
    for result in results:
        if not result["url"].lower().startswith("http://") or not result["redirect_destination"]:
            continue
        origin_domain = domain_of(result["url"])
        for redirect in results:
            if redirect["safari_history_db"] != result["safari_history_db"] or redirect["visit_id"] != result["redirect_destination"]:
                continue
            if origin_domain == domain_of(redirect["url"]):
                continue
            if 0 <= redirect["timestamp"] - result["timestamp"] < 1:
                found += 1
    return found


def backup_files(pattern):
    """The files of a relative path (a LIKE pattern) in Manifest.db, as MVT finds them."""
    conn = sqlite3.connect(f"file:{os.path.join(backup, 'Manifest.db')}?mode=ro", uri=True)
    try:
        return [(rel, os.path.join(backup, fid[:2], fid)) for fid, rel in conn.execute("SELECT fileID, relativePath FROM Files WHERE relativePath LIKE ?", (pattern,))]
    finally:
        conn.close()


def safari_history():
    t = time.perf_counter()
    results = []
    for pattern in ("Library/Safari/History.db", "Library/Safari/Profiles/%/History.db"):
        for rel, db in backup_files(pattern):
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
            for row in conn.execute("SELECT history_items.id, history_items.url, history_visits.id, history_visits.visit_time, history_visits.redirect_source, history_visits.redirect_destination FROM history_items JOIN history_visits ON history_visits.history_item = history_items.id ORDER BY history_visits.visit_time"):
                results.append({"id": row[0], "url": row[1], "visit_id": row[2], "timestamp": row[3], "isodate": apple(row[3]), "redirect_source": row[4], "redirect_destination": row[5], "safari_history_db": rel})
            conn.close()

    def serialize(r):
        return [{"timestamp": r["isodate"], "module": "SafariHistory", "event": "safari_history", "data": f"Safari visit to {r['url']} (ID: {r['id']}, Visit ID: {r['visit_id']})"}]

    return finish("safari_history", results, lambda r: check_url(r["url"]), t, serialize, find_injections)


def usage_heuristics(results):
    found, missing = 0, set()
    for r in sorted(results, key=lambda r: r["live_isodate"] or ""):
        if r["proc_id"]:
            continue
        if r["live_proc_id"] not in missing:
            missing.add(r["live_proc_id"])
            found += 1
        r["first_isodate"] = r["isodate"] = r["live_isodate"]
        r["proc_name"] = "MANIPULATED [process record deleted]"
    by_proc = {r["proc_id"]: r for r in results if r["proc_id"]}
    all_proc_id = sorted(by_proc.keys())
    if all_proc_id:
        missing_procs, last = {}, None
        for proc_id in range(min(all_proc_id), max(all_proc_id)):
            # A list, as MVT's: each test is a scan.
            if proc_id not in all_proc_id:
                found += 1
                missing_procs[proc_id] = by_proc[last]
            else:
                last = proc_id
        # MVT adds a record for each missing process and sorts the records again.
        for proc_id, prev in missing_procs.items():
            r = {key: None for key in results[0].keys()}
            r["first_isodate"] = r["isodate"] = r["live_isodate"] = prev["first_isodate"]
            r["proc_name"] = f"MISSING [follows {prev['proc_name']}]"
            r["proc_id"] = r["live_proc_id"] = proc_id
            results.append(r)
        results.sort(key=operator.itemgetter("first_isodate"))
    return found


def datausage():
    t = time.perf_counter()
    results = []
    for row in rows(stored("WirelessDomain", "Library/Databases/DataUsage.sqlite"), """
            SELECT ZPROCESS.ZFIRSTTIMESTAMP, ZPROCESS.ZTIMESTAMP, ZPROCESS.ZPROCNAME, ZPROCESS.ZBUNDLENAME, ZPROCESS.Z_PK AS ZPROCESS_PK,
                ZLIVEUSAGE.ZWIFIIN, ZLIVEUSAGE.ZWIFIOUT, ZLIVEUSAGE.ZWWANIN, ZLIVEUSAGE.ZWWANOUT, ZLIVEUSAGE.Z_PK AS ZLIVEUSAGE_PK,
                ZLIVEUSAGE.ZHASPROCESS, ZLIVEUSAGE.ZTIMESTAMP AS ZL_TIMESTAMP
            FROM ZLIVEUSAGE LEFT JOIN ZPROCESS ON ZLIVEUSAGE.ZHASPROCESS = ZPROCESS.Z_PK
            UNION
            SELECT ZFIRSTTIMESTAMP, ZTIMESTAMP, ZPROCNAME, ZBUNDLENAME, Z_PK, NULL, NULL, NULL, NULL, NULL, NULL, NULL
            FROM ZPROCESS WHERE Z_PK NOT IN (SELECT ZHASPROCESS FROM ZLIVEUSAGE)"""):
        first = apple(row["ZFIRSTTIMESTAMP"])
        live = apple(row["ZL_TIMESTAMP"]) if row["ZL_TIMESTAMP"] else ""
        results.append({"first_isodate": first, "isodate": apple(row["ZTIMESTAMP"]), "proc_name": row["ZPROCNAME"], "bundle_id": row["ZBUNDLENAME"], "proc_id": row["ZPROCESS_PK"],
                        "wifi_in": row["ZWIFIIN"], "wifi_out": row["ZWIFIOUT"], "wwan_in": row["ZWWANIN"], "wwan_out": row["ZWWANOUT"],
                        "live_id": row["ZLIVEUSAGE_PK"], "live_proc_id": row["ZHASPROCESS"], "live_isodate": live or first})
    def serialize(r):
        data = f"{r['proc_name']} (Bundle ID: {r['bundle_id']}, ID: {r['proc_id']})"
        rows = [{"timestamp": r["live_isodate"], "module": "Datausage", "event": "live_usage", "data": data + " " f"WWAN IN: {r['wwan_in']}, WWAN OUT: {r['wwan_out']}"}]
        if "MANIPULATED" not in r["proc_name"] and "MISSING" not in r["proc_name"] and r["live_proc_id"] is not None:
            rows.append({"timestamp": r["first_isodate"], "module": "Datausage", "event": "first_usage", "data": data})
            rows.append({"timestamp": r["isodate"], "module": "Datausage", "event": "current_usage", "data": data})
        return rows

    return finish("datausage", results, lambda r: check_process(r["proc_name"]) if r["proc_id"] else None, t, serialize, usage_heuristics)


report = {"sms": sms(), "safari_history": safari_history(), "datausage": datausage()}
report["_timeline"] = save_timeline()
report["_flavour"] = FLAVOUR
print(json.dumps(report))
