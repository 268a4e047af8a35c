// Key encoding of every column family (grammar in keys.h).
#include "storage/keys.h"

#include <algorithm>

#include "core/time.h"
#include "storage/codec.h"

namespace chipwire::store_detail {

std::string revision_key(std::string_view article_id, std::uint32_t revision) {
  std::string k(article_id);
  put_be32(k, revision);
  return k;
}

std::string mention_prefix(std::string_view event_id) { return std::string(event_id); }

std::string mention_key(std::string_view event_id, std::string_view article_id, std::uint32_t start,
                        std::uint32_t end, std::string_view rule) {
  std::string k(event_id);
  k.append(article_id);
  put_be32(k, start);
  put_be32(k, end);
  k.append(rule);
  return k;
}

std::string_view mention_article(std::string_view key) { return key.substr(kIdLen, kIdLen); }

std::string index_prefix(char tag, std::string_view a, std::string_view b) {
  std::string k(1, tag);
  if (tag == 'D' || tag == 'a') return k;
  k.append(a);
  k.push_back('\0');
  if (tag == 'X' || tag == 'Y') {
    k.append(b);
    k.push_back('\0');
  }
  return k;
}


std::uint16_t month_bucket(std::int64_t time) {
  const std::int64_t months = months_since_epoch(time);
  const std::int64_t period = months >= 0 ? months / kBucketMonths : -((-months + kBucketMonths - 1) / kBucketMonths);
  const std::int64_t m = std::clamp<std::int64_t>(period + 0x8000, 0, 0xFFFF);
  return static_cast<std::uint16_t>(0xFFFF - m);
}

std::string bucket_prefix(std::uint16_t bucket) {
  std::string k(1, kBucketTag);
  k.push_back(static_cast<char>(bucket >> 8));
  k.push_back(static_cast<char>(bucket & 0xFF));
  return k;
}

std::uint16_t key_bucket(std::string_view key) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(key[1]) << 8) | static_cast<unsigned char>(key[2]));
}

std::string index_key(std::string_view tag_part, std::int64_t time, std::string_view id) {
  std::string k;
  k.reserve(kBucketKeyLen + tag_part.size() + 8 + id.size());
  put_index_key(k, {tag_part}, time, id);
  return k;
}

void put_index_key(std::string& k, std::initializer_list<std::string_view> tag_parts, std::int64_t time,
                   std::string_view id) {
  k.clear();
  const std::uint16_t bucket = month_bucket(time);
  k.push_back(kBucketTag);
  k.push_back(static_cast<char>(bucket >> 8));
  k.push_back(static_cast<char>(bucket & 0xFF));
  for (std::string_view p : tag_parts) k.append(p);
  put_time_desc(k, time);
  k.append(id);
}

std::string review_item_key(std::string_view article_id) {
  std::string k;
  k.reserve(1 + article_id.size());
  append_review_item_key(k, article_id);
  return k;
}

void append_review_item_key(std::string& out, std::string_view article_id) {
  out.push_back('i');
  out.append(article_id);
}

std::string decision_prefix(std::string_view article_id) {
  std::string k;
  k.reserve(2 + article_id.size());
  k.push_back('d');
  k.append(article_id);
  k.push_back('\0');
  return k;
}

std::string decision_key(std::string_view article_id, std::string_view identity_key) {
  return decision_prefix(article_id) + std::string(identity_key);
}

std::string log_key(std::uint64_t seq) {
  std::string k = "l";
  put_be64(k, seq);
  return k;
}

std::string prefix_end(std::string_view prefix) {
  std::string k(prefix);
  while (!k.empty()) {
    auto& c = k.back();
    if (static_cast<unsigned char>(c) != 0xff) {
      c = static_cast<char>(static_cast<unsigned char>(c) + 1);
      return k;
    }
    k.pop_back();
  }
  return k;
}

}  // namespace chipwire::store_detail
