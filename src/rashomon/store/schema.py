"""The store's schema as numbered migrations, recorded in the database and applied once.

Each migration is a list of SQL statements run in one transaction, after which its number
goes into `schema_migrations` and into `PRAGMA user_version` (the schema version any SQLite
tool shows). Opening a store applies the migrations it lacks, in order; opening it again
applies nothing. A store whose version is above the last migration here was written by a newer
rashomon and is refused rather than misread.

Append a migration to change the schema; never edit one that has shipped.
"""

from __future__ import annotations

# (number, what it does, statements)
MIGRATIONS: list[tuple[int, str, tuple[str, ...]]] = [
    (
        1,
        "articles, extractions, outlets, runs, skipped inputs, events, feeds, full-text index",
        (
            # where each outlet's many spellings meet: "The New York Times", "nytimes.com" and
            # "NYT" are three aliases of one outlet; `name` is the one shown
            """CREATE TABLE outlets (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL
            )""",
            """CREATE TABLE outlet_aliases (
                alias TEXT PRIMARY KEY,        -- a spelling, as read
                key TEXT NOT NULL,             -- the spelling normalised (store/outlets.py)
                outlet_id INTEGER NOT NULL REFERENCES outlets(id) ON DELETE CASCADE
            )""",
            "CREATE INDEX outlet_aliases_key ON outlet_aliases(key)",
            "CREATE INDEX outlet_aliases_outlet ON outlet_aliases(outlet_id)",
            # what ran, when, with which settings
            """CREATE TABLE runs (
                id INTEGER PRIMARY KEY,
                command TEXT NOT NULL,         -- ingest, watch, forget, report
                inputs TEXT NOT NULL,          -- JSON list, as given
                settings TEXT NOT NULL,        -- JSON object: Settings.to_dict()
                version TEXT NOT NULL,         -- rashomon's version
                extraction_version INTEGER NOT NULL,
                pid INTEGER NOT NULL,
                started_at TEXT NOT NULL,      -- ISO 8601, UTC
                finished_at TEXT,
                status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'interrupted')),
                counts TEXT                    -- JSON object: parsed, reused, skipped, ...
            )""",
            # one row per distinct text: the content hash is the identity; a changed text at the
            # same URL (or path) is a new row with the next version, the old one kept
            """CREATE TABLE articles (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,  -- the number in the id, never reused
                id TEXT NOT NULL UNIQUE,       -- "a17": the id in reports and in every span
                hash TEXT NOT NULL UNIQUE,     -- sha256 of the text
                locator TEXT NOT NULL,         -- the URL, else the path, else the input
                version INTEGER NOT NULL,      -- 1, 2, ... among the texts at one locator
                replaces TEXT REFERENCES articles(id) ON DELETE SET NULL,
                outlet_id INTEGER NOT NULL REFERENCES outlets(id),
                outlet TEXT NOT NULL,          -- the outlet as read for this article
                wire TEXT,
                title TEXT,
                date TEXT,                     -- ISO date or NULL
                url TEXT,
                path TEXT,
                lang TEXT NOT NULL,
                word_count INTEGER NOT NULL,
                metadata_from TEXT NOT NULL,   -- JSON object: field -> where it came from
                text TEXT NOT NULL,
                run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
                added_at TEXT NOT NULL
            )""",
            "CREATE INDEX articles_locator ON articles(locator, version)",
            "CREATE INDEX articles_outlet ON articles(outlet_id)",
            "CREATE INDEX articles_date ON articles(date)",
            # the per-article result (rashomon.serialize JSON, the article's text left out: it
            # is in `articles`); one row per article, made by one extraction version
            """CREATE TABLE extractions (
                article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
                version INTEGER NOT NULL,      -- EXTRACTION_VERSION that made it
                status TEXT NOT NULL,          -- 'ok', or the code that cost it (E_EXTRACT ...)
                reason TEXT,                   -- why, when status is not 'ok'
                parser TEXT,                   -- spaCy model name-version
                data TEXT,                     -- JSON, NULL when status is not 'ok'
                run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
                made_at TEXT NOT NULL
            )""",
            # inputs that could not be used, as the report's `skipped` and stderr give them
            """CREATE TABLE skipped (
                id INTEGER PRIMARY KEY,
                run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                input TEXT NOT NULL,
                code TEXT NOT NULL,
                reason TEXT NOT NULL,
                article_id TEXT                -- set when the article was read but its
                                               -- analysis failed
            )""",
            "CREATE INDEX skipped_run ON skipped(run_id)",
            # events: written by the clustering (link/events.py) through store/events.py
            """CREATE TABLE events (
                id TEXT PRIMARY KEY,
                headline TEXT,
                citations TEXT NOT NULL DEFAULT '[]',  -- JSON list of spans the headline rests on
                first_date TEXT,
                last_date TEXT,
                outlets TEXT NOT NULL DEFAULT '[]',    -- JSON list of outlet names
                disputed INTEGER,              -- conflicts in its last report; NULL before one
                merged_into TEXT REFERENCES events(id) ON DELETE SET NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            "CREATE INDEX events_last_date ON events(last_date)",
            # every article in at most one event (the primary key)
            """CREATE TABLE event_members (
                article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
                event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
                added_at TEXT NOT NULL
            )""",
            "CREATE INDEX event_members_event ON event_members(event_id)",
            # watched feeds: what the last poll learnt, for conditional GETs and back-off
            """CREATE TABLE feeds (
                url TEXT PRIMARY KEY,
                etag TEXT,
                last_modified TEXT,
                last_status INTEGER,           -- HTTP status of the last poll (304: unchanged)
                last_polled TEXT,
                next_poll_after TEXT,          -- not before (Retry-After, back-off)
                failures INTEGER NOT NULL DEFAULT 0,
                last_error TEXT
            )""",
            # feed entries already fetched, so that a poll fetches only what is new or updated
            """CREATE TABLE feed_entries (
                feed_url TEXT NOT NULL REFERENCES feeds(url) ON DELETE CASCADE,
                key TEXT NOT NULL,             -- the entry's id, else its link
                link TEXT NOT NULL,
                updated TEXT,                  -- the entry's updated/published stamp
                seen_at TEXT NOT NULL,
                PRIMARY KEY (feed_url, key)
            )""",
            # full-text search over titles and bodies (FTS5, external content: no second copy)
            """CREATE VIRTUAL TABLE articles_fts USING fts5(
                title, text, content='articles', content_rowid='seq'
            )""",
            """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
                INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
            END""",
            """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
                INSERT INTO articles_fts(articles_fts, rowid, title, text)
                VALUES ('delete', old.seq, old.title, old.text);
            END""",
            """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
                INSERT INTO articles_fts(articles_fts, rowid, title, text)
                VALUES ('delete', old.seq, old.title, old.text);
                INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
            END""",
            # the latest version of each text: what reports and events read by default
            """CREATE VIEW current_articles AS
                SELECT * FROM articles AS a
                WHERE NOT EXISTS (
                    SELECT 1 FROM articles AS b
                    WHERE b.locator = a.locator AND b.version > a.version
                )""",
        ),
    ),
    (
        2,
        "lead vectors and signals for event clustering, users' corrections of events",
        (
            # the embedding of each article's title and lead (link/events.lead_text) by the
            # encoder named: a store's clustering state is rebuilt without embedding again
            """CREATE TABLE article_vectors (
                article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
                encoder TEXT NOT NULL,
                vector BLOB NOT NULL           -- float32, little-endian
            )""",
            # what clustering reads of each article (link/events.Signals as JSON), made from
            # the extraction of `version`: rebuilding a clustering state loads no extraction
            """CREATE TABLE article_signals (
                article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
                version INTEGER NOT NULL,
                data TEXT NOT NULL
            )""",
            # `rashomon events merge` / `split`, replayed by `events --rebuild`; named by
            # articles, not event ids, so that they survive a rebuild
            """CREATE TABLE event_corrections (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
                first TEXT NOT NULL,           -- JSON list of article ids: one side
                second TEXT NOT NULL,          -- JSON list of article ids: the other side
                made_at TEXT NOT NULL
            )""",
        ),
    ),
]

SCHEMA_VERSION = MIGRATIONS[-1][0]
