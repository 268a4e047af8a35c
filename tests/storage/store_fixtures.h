// Builders for store tests: articles and actions in a few words, and a dump of
// every key and value of a closed store (to prove a write changed nothing).
#pragma once

#include <rocksdb/db.h>

#include <map>
#include <string>
#include <vector>

#include "core/hash.h"
#include "core/time.h"
#include "storage/store.h"

namespace chipwire::testing {

inline Action make_action(std::string type, std::optional<std::string> actor, std::vector<std::string> companies,
                          std::vector<std::string> chips, std::optional<std::string> target = std::nullopt,
                          std::string modality = "asserted", Span evidence = {0, 10}, std::string rule = "r/test") {
  Action a;
  a.type = std::move(type);
  a.actor = std::move(actor);
  a.companies = std::move(companies);
  a.chips = std::move(chips);
  a.target_country = std::move(target);
  a.modality = std::move(modality);
  a.evidence = evidence;
  a.rule = std::move(rule);
  a.confidence = 0.9;
  return a;
}

// An article keyed by its URL; the content hash follows title + text.
inline ArticleWrite make_write(const std::string& url, const std::string& source, const std::string& feed,
                               const std::string& title, const std::string& text, UnixSeconds published,
                               std::vector<Action> actions = {}, std::vector<Flag> flags = {}) {
  ArticleWrite w;
  w.article.id = hash_hex128(url);
  w.article.url = url;
  w.article.feed_id = feed;
  w.article.feeds = {feed};
  w.article.title = title;
  w.article.text = text;
  w.article.published = published;
  w.article.first_seen = published + 3600;
  w.article.last_seen = published + 3600;
  w.article.content_hash = hash_hex128(title + "\n" + text);
  w.article.source = source;
  w.extraction.actions = std::move(actions);
  w.extraction.flags = std::move(flags);
  w.rule_pack_version = "test-1";
  return w;
}

// `w` with `more` appended to its text and its content hash recomputed: an edit.
inline ArticleWrite edited(ArticleWrite w, const std::string& more) {
  w.article.text += more;
  w.article.content_hash = hash_hex128(w.article.title + "\n" + w.article.text);
  return w;
}

inline std::unique_ptr<Store> open_writer(const std::string& dir, bool log_writes = true) {
  StoreOptions o;
  o.mode = OpenMode::writer;
  o.log_writes = log_writes;
  auto s = Store::open(dir, o);
  if (!s.ok()) throw std::runtime_error(s.status().message());
  return std::move(s.value());
}

inline std::unique_ptr<Store> open_reader(const std::string& dir) {
  auto s = Store::open(dir, StoreOptions{});
  if (!s.ok()) throw std::runtime_error(s.status().message());
  return std::move(s.value());
}

// family name -> (key -> value) of a store that no one has open as the writer.
inline std::map<std::string, std::map<std::string, std::string>> dump_store(const std::string& dir) {
  std::vector<std::string> names;
  rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir, &names);
  std::vector<rocksdb::ColumnFamilyDescriptor> descs;
  for (const auto& n : names) descs.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), dir, descs, &handles, &db);
  if (!s.ok()) throw std::runtime_error(s.ToString());
  std::map<std::string, std::map<std::string, std::string>> out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), handles[i]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) out[names[i]][it->key().ToString()] = it->value().ToString();
  }
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  delete db;
  return out;
}

}  // namespace chipwire::testing
