// The SQL of SqliteStore (sqlite_store.cpp), named, so that a test can check the query plan of
// every statement against the schema (tests/storage/query_plan_test.cpp): each finds its rows
// by an index, never by reading a whole table.
#pragma once

#include <array>
#include <string_view>
#include <utility>

namespace ecl::sql {
// The last event sequence number given.
inline constexpr char kLastEventSeq[] = "SELECT last FROM sequences WHERE name='events'";
inline constexpr char kListTags[] =
    "SELECT key, value FROM tags WHERE account=?1 AND region=?2 AND arn=?3 ORDER BY "
    "position";
// A new key goes after the others; an existing one keeps its place.
inline constexpr char kPutTag[] =
    "INSERT INTO tags(account, region, arn, key, value, position) VALUES (?1, ?2, ?3, ?4, "
    "?5, (SELECT COALESCE(MAX(position), 0) + 1 FROM tags WHERE account=?1 AND region=?2 "
    "AND arn=?3)) ON CONFLICT(account, region, arn, key) DO UPDATE SET "
    "value=excluded.value";
inline constexpr char kRemoveTag[] =
    "DELETE FROM tags WHERE account=?1 AND region=?2 AND arn=?3 AND key=?4";
inline constexpr char kRemoveAllTags[] =
    "DELETE FROM tags WHERE account=?1 AND region=?2 AND arn=?3";
inline constexpr char kAppendEvent[] =
    "INSERT INTO events(account, region, at, seq, kind, id, what, source_type, source_id, "
    "message) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
inline constexpr char kSaveLastEventSeq[] = "UPDATE sequences SET last=?1 WHERE name='events'";
// Optional filters (?5 source type, ?6 source id, ?7/?8 the cursor) bound as NULL match everything.
inline constexpr char kListEvents[] =
    "SELECT seq, at, kind, id, what, source_type, source_id, message FROM events WHERE "
    "account=?1 AND region=?2 AND at>=?3 AND at<=?4 AND source_type<>'' AND (?5 IS NULL "
    "OR source_type=?5) AND (?6 IS NULL OR source_id=?6) AND (?7 IS NULL OR at<?7 OR "
    "(at=?7 AND seq<?8)) ORDER BY at DESC, seq DESC LIMIT ?9";
inline constexpr char kPurgeEvents[] =
    "DELETE FROM events WHERE account=?1 AND region=?2 AND at<?3";
inline constexpr char kDueAt[] =
    "SELECT kind, account, region, id, due_at FROM resources WHERE due_at IS NOT NULL AND "
    "due_at<=?1 ORDER BY due_at";
inline constexpr char kClearDue[] =
    "UPDATE resources SET due_at=NULL WHERE account=?1 AND region=?2 AND kind=?3 AND "
    "id=?4";
inline constexpr char kNextDue[] = "SELECT MIN(due_at) FROM resources WHERE due_at IS NOT NULL";
inline constexpr char kLoadDocument[] =
    "SELECT doc FROM resources WHERE account=?1 AND region=?2 AND kind=?3 AND id=?4";
inline constexpr char kStoreDocument[] =
    "INSERT INTO resources(account, region, kind, id, due_at, doc) VALUES (?1, ?2, ?3, "
    "?4, ?5, ?6) ON CONFLICT(account, region, kind, id) DO UPDATE SET "
    "due_at=excluded.due_at, doc=excluded.doc";
inline constexpr char kDeleteDocument[] =
    "DELETE FROM resources WHERE account=?1 AND region=?2 AND kind=?3 AND id=?4";
inline constexpr char kLoadDocuments[] =
    "SELECT id, doc FROM resources WHERE account=?1 AND region=?2 AND kind=?3 AND id>?4 "
    "ORDER BY id LIMIT ?5";
inline constexpr char kCountDocuments[] =
    "SELECT COUNT(*) FROM resources WHERE account=?1 AND region=?2 AND kind=?3";
inline constexpr char kScopes[] =
    "SELECT DISTINCT account, region FROM resources WHERE kind=?1 ORDER BY account, "
    "region";

// Every statement above, by name.
inline constexpr std::array<std::pair<std::string_view, const char*>, 18> kAll = {{
    {"kLastEventSeq", kLastEventSeq},
    {"kListTags", kListTags},
    {"kPutTag", kPutTag},
    {"kRemoveTag", kRemoveTag},
    {"kRemoveAllTags", kRemoveAllTags},
    {"kAppendEvent", kAppendEvent},
    {"kSaveLastEventSeq", kSaveLastEventSeq},
    {"kListEvents", kListEvents},
    {"kPurgeEvents", kPurgeEvents},
    {"kDueAt", kDueAt},
    {"kClearDue", kClearDue},
    {"kNextDue", kNextDue},
    {"kLoadDocument", kLoadDocument},
    {"kStoreDocument", kStoreDocument},
    {"kDeleteDocument", kDeleteDocument},
    {"kLoadDocuments", kLoadDocuments},
    {"kCountDocuments", kCountDocuments},
    {"kScopes", kScopes},
}};

}  // namespace ecl::sql
