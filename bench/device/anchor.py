"""Anchor for bench/device: the per-row work of a Python device checker over the same backup.

This is not MVT (MVT cannot be installed here: PyPI is unreachable). It is the work MVT's sms,
safari_history and datausage modules do: open each database read-only, fetch every row into a
dict (for sms, every column of the message table, as MVT's `SELECT message.*` does, with its
binary columns in base64), extract links with a regex, check each link and each process name
against the indicators, and write <slug>.json and a timeline. URLs are checked the way MVT's check_url does when Debian's
python3-tld and python3-ahocorasick are installed (tld parsing, then an Aho-Corasick automaton over
the domain and the registered domain, cached per URL); otherwise with cached set lookups of the
domain and its parents. Processes are checked with a linear scan, as MVT does. It skips MVT's
logging and alert store, so it is faster than MVT itself: a lower bound of MVT's time.
Usage: anchor.py BACKUP OUT DOMAINS_FILE PROCESSES_FILE  -> prints JSON {slug: {rows, seconds, hits}}
"""
import base64, functools, hashlib, json, os, re, sqlite3, sys, time

backup, out, domains_file, processes_file = sys.argv[1:5]
domains = {l.strip().lower() for l in open(domains_file) if l.strip()}
processes = [l.strip() for l in open(processes_file) if l.strip()]
LINK = re.compile(r"https?://[^\s<>\"']+", re.I)
os.makedirs(out, exist_ok=True)


def stored(domain, rel):
    fid = hashlib.sha1(f"{domain}-{rel}".encode()).hexdigest()
    return os.path.join(backup, fid[:2], fid)


try:
    import ahocorasick
    from tld import get_tld

    FLAVOUR = "tld + Aho-Corasick, as MVT's check_url"
    AUTOMATON = ahocorasick.Automaton()
    for d in domains:
        AUTOMATON.add_word(d, d)
    AUTOMATON.make_automaton()

    @functools.lru_cache(maxsize=None)
    def check_url(url):
        try:
            parsed = get_tld(url, as_object=True, fix_protocol=True)
            domain, top = parsed.parsed_url.netloc.lower(), parsed.fld.lower()
        except Exception:
            for _, ioc in AUTOMATON.iter(url):
                if ioc in url:
                    return ioc
            return None
        for name in (domain, top):
            for _, ioc in AUTOMATON.iter(name):
                if ioc == name:
                    return ioc
        return None

except ImportError:
    FLAVOUR = "standard library only (set lookups)"

    @functools.lru_cache(maxsize=None)
    def check_url(url):
        host = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
        parts = host.split(".")
        for i in range(len(parts) - 1):
            if ".".join(parts[i:]) in domains:
                return ".".join(parts[i:])
        return None


def check_process(name):
    base = os.path.basename(name)
    for ioc in processes:
        if base == ioc or (len(base) == 15 and ioc.startswith(base)):
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
    if t is None:
        return None
    t = t / 1e9 if abs(t) > 1e11 else t
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t + 978307200))


def run(slug, db, sql, check, read=rows):
    t = time.perf_counter()
    results = read(db, sql)
    hits, timeline = [], []
    for r in results:
        r["isodate"] = apple(r.get("date") or r.get("timestamp") or r.get("ts"))
        m = check(r)
        if m:
            r["matched_indicator"] = m
            hits.append(r)
        timeline.append({"timestamp": r["isodate"], "module": slug, "data": str(r)})
    with open(os.path.join(out, f"{slug}.json"), "w") as f:
        json.dump(results, f, indent=4, default=str)
    with open(os.path.join(out, f"{slug}_timeline.json"), "w") as f:
        json.dump(timeline, f, default=str)
    return {"rows": len(results), "seconds": time.perf_counter() - t, "hits": len(hits)}


BINARY = ("attributedBody", "payload_data", "message_summary_info")


def sms_rows(db, sql):
    # Every column of every message, as MVT reads them, binary ones in base64.
    out = []
    for r in rows(db, sql):
        for k in BINARY:
            if r.get(k):
                r[k] = base64.b64encode(r[k]).decode()
        r["isodate_read"] = apple(r.get("date_read"))
        r["direction"] = "sent" if r.get("is_from_me") == 1 else "received"
        r["text"] = r.get("text") or ""
        out.append(r)
    return out


def sms_check(r):
    r["links"] = LINK.findall(r["text"])
    for u in r["links"]:
        m = check_url(u)
        if m:
            return m


report = {
    "sms": run("sms", stored("HomeDomain", "Library/SMS/sms.db"), 'SELECT message.*, handle.id AS "phone_number" FROM message, handle WHERE handle.rowid = message.handle_id', sms_check, sms_rows),
    "safari_history": run("safari_history", stored("AppDomain-com.apple.mobilesafari", "Library/Safari/History.db"), "SELECT i.id, i.url, v.id AS visit_id, v.visit_time AS timestamp, 'Library/Safari/History.db' AS safari_history_db FROM history_items i JOIN history_visits v ON v.history_item = i.id ORDER BY v.visit_time", lambda r: check_url(r["url"])),
    "datausage": run("datausage", stored("WirelessDomain", "Library/Databases/DataUsage.sqlite"), "SELECT p.ZPROCNAME AS proc_name, p.ZBUNDLENAME AS bundle, p.ZFIRSTTIMESTAMP AS ts, sum(u.ZWIFIIN) AS wifi_in, sum(u.ZWIFIOUT) AS wifi_out FROM ZPROCESS p LEFT JOIN ZLIVEUSAGE u ON u.ZHASPROCESS = p.Z_PK GROUP BY p.Z_PK ORDER BY p.ZFIRSTTIMESTAMP", lambda r: check_process(r["proc_name"] or "")),
}
report["_flavour"] = FLAVOUR
print(json.dumps(report))
