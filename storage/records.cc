// Binary encodings of stored values (see records.h).
#include "storage/records.h"

#include <zstd.h>

#include <algorithm>
#include <memory>

#include "storage/codec.h"

namespace chipwire::store_detail {
namespace {

constexpr std::uint8_t kFormat = 1;

void put_span(Encoder& e, const Span& s) {
  e.varint(s.start);
  e.varint(s.end);
}
Span get_span(Decoder& d) {
  Span s;
  s.start = d.varint();
  s.end = d.varint();
  return s;
}

void put_entity(Encoder& e, const EntityMention& m) {
  e.str(m.id);
  e.str(m.name);
  e.str(m.vendor);
  e.str(m.text);
  put_span(e, m.span);
  e.str(m.rule);
}
EntityMention get_entity(Decoder& d) {
  EntityMention m;
  m.id = d.str();
  m.name = d.str();
  m.vendor = d.str();
  m.text = d.str();
  m.span = get_span(d);
  m.rule = d.str();
  return m;
}

void put_action(Encoder& e, const Action& a) {
  e.str(a.type);
  e.opt_str(a.actor);
  e.str(a.modality);
  e.strs(a.companies);
  e.strs(a.chips);
  e.opt_str(a.target_country);
  put_span(e, a.evidence);
  e.str(a.rule);
  e.f64(a.confidence);
}
Action get_action(Decoder& d) {
  Action a;
  a.type = d.str();
  a.actor = d.opt_str();
  a.modality = d.str();
  a.companies = d.strs();
  a.chips = d.strs();
  a.target_country = d.opt_str();
  a.evidence = get_span(d);
  a.rule = d.str();
  a.confidence = d.f64();
  return a;
}

void put_flag(Encoder& e, const Flag& f) {
  e.str(f.reason);
  e.str(f.rule);
  e.str(f.detail);
}
Flag get_flag(Decoder& d) {
  Flag f;
  f.reason = d.str();
  f.rule = d.str();
  f.detail = d.str();
  return f;
}

// Reads a count that cannot exceed the bytes left (each element takes >= 1 byte).
template <typename T, typename F>
std::vector<T> get_list(Decoder& d, F get) {
  const std::uint64_t n = d.varint();
  std::vector<T> v;
  if (d.failed() || n > (1u << 24)) return v;
  for (std::uint64_t i = 0; i < n && !d.failed(); ++i) v.push_back(get(d));
  return v;
}

template <typename T>
std::optional<T> finish(const Decoder& d, T value) {
  if (d.failed()) return std::nullopt;
  return value;
}

void put_correction(Encoder& e, const ActionCorrection& c) {
  e.opt_str(c.type);
  e.opt_str(c.actor);
  e.opt_str(c.modality);
}
ActionCorrection get_correction(Decoder& d) {
  ActionCorrection c;
  c.type = d.opt_str();
  c.actor = d.opt_str();
  c.modality = d.opt_str();
  return c;
}

}  // namespace

std::string encode_article(const StoredArticle& s) {
  Encoder e;
  const Article& a = s.article;
  // The strings plus room for the lengths, numbers and a typical extraction.
  e.reserve(a.title.size() + a.text.size() + a.url.size() + (a.guid ? a.guid->size() : 0) + 32 * (4 + a.feeds.size()) +
            256);
  e.u8(kFormat);
  e.str(a.id);
  e.str(a.feed_id);
  e.strs(a.feeds);
  e.str(a.url);
  e.opt_str(a.guid);
  e.str(a.title);
  e.str(a.text);
  e.opt_i64(a.published);
  e.i64(a.first_seen);
  e.i64(a.last_seen);
  e.str(a.content_hash);
  e.varint(a.simhash);
  e.str(a.source);
  e.i64(a.revision);
  const Extraction& x = s.extraction;
  e.varint(x.companies.size());
  for (const auto& m : x.companies) put_entity(e, m);
  e.varint(x.chips.size());
  for (const auto& m : x.chips) put_entity(e, m);
  e.varint(x.actions.size());
  for (const auto& m : x.actions) put_action(e, m);
  e.varint(x.flags.size());
  for (const auto& f : x.flags) put_flag(e, f);
  e.str(s.rule_pack_version);
  e.str(s.raw_key);
  e.strs(s.event_ids);
  return e.take();
}

std::optional<StoredArticle> decode_article(std::string_view v) {
  Decoder d(v);
  if (d.u8() != kFormat) return std::nullopt;
  StoredArticle s;
  Article& a = s.article;
  a.id = d.str();
  a.feed_id = d.str();
  a.feeds = d.strs();
  a.url = d.str();
  a.guid = d.opt_str();
  a.title = d.str();
  a.text = d.str();
  a.published = d.opt_i64();
  a.first_seen = d.i64();
  a.last_seen = d.i64();
  a.content_hash = d.str();
  a.simhash = d.varint();
  a.source = d.str();
  a.revision = static_cast<int>(d.i64());
  s.extraction.companies = get_list<EntityMention>(d, get_entity);
  s.extraction.chips = get_list<EntityMention>(d, get_entity);
  s.extraction.actions = get_list<Action>(d, get_action);
  s.extraction.flags = get_list<Flag>(d, get_flag);
  s.rule_pack_version = d.str();
  s.raw_key = d.str();
  s.event_ids = d.strs();
  return finish(d, std::move(s));
}

namespace {

// The fields of an Event after its id, shared by the record and the summary.
void put_event_fields(Encoder& e, const Event& ev) {
  e.str(ev.type);
  e.opt_str(ev.actor);
  e.str(ev.modality);
  e.strs(ev.companies);
  e.strs(ev.chips);
  e.opt_str(ev.target_country);
  e.i64(ev.first_seen);
  e.i64(ev.last_seen);
  e.varint(ev.articles);
  e.varint(ev.sources);
  e.varint(ev.mentions);
  e.str(ev.review);
}

void get_event_fields(Decoder& d, Event& ev) {
  ev.type = d.str();
  ev.actor = d.opt_str();
  ev.modality = d.str();
  ev.companies = d.strs();
  ev.chips = d.strs();
  ev.target_country = d.opt_str();
  ev.first_seen = d.i64();
  ev.last_seen = d.i64();
  ev.articles = static_cast<std::uint32_t>(d.varint());
  ev.sources = static_cast<std::uint32_t>(d.varint());
  ev.mentions = static_cast<std::uint32_t>(d.varint());
  ev.review = d.str();
}

// First byte of a summary: not kFormat, so neither is read as the other.
constexpr std::uint8_t kSummaryFormat = 0x53;  // 'S'

}  // namespace

std::string encode_event(const EventRecord& r) {
  Encoder e;
  e.u8(kFormat);
  e.str(r.event.id);
  put_event_fields(e, r.event);
  e.str(r.week);
  e.str(r.dedup_key);
  e.strs(r.feeds);
  return e.take();
}

std::optional<EventRecord> decode_event(std::string_view v) {
  Decoder d(v);
  if (d.u8() != kFormat) return std::nullopt;
  EventRecord r;
  r.event.id = d.str();
  get_event_fields(d, r.event);
  r.week = d.str();
  r.dedup_key = d.str();
  r.feeds = d.strs();
  return finish(d, std::move(r));
}

std::string encode_event_summary(const Event& ev) {
  Encoder e;
  e.u8(kSummaryFormat);
  put_event_fields(e, ev);
  return e.take();
}

std::optional<Event> decode_event_summary(std::string_view v) {
  Decoder d(v);
  if (d.u8() != kSummaryFormat) return std::nullopt;
  Event ev;
  get_event_fields(d, ev);
  return finish(d, std::move(ev));
}

namespace {

// Mentions of format 1 (schema 1) had no companies; their identity key
// (type|actor|companies|chips) names them.
constexpr std::uint8_t kMentionFormat = 2;

std::vector<std::string> companies_of_identity(const std::string& identity) {
  std::vector<std::string> out;
  const std::size_t a = identity.find('|');
  const std::size_t b = a == std::string::npos ? a : identity.find('|', a + 1);
  const std::size_t c = b == std::string::npos ? b : identity.find('|', b + 1);
  if (c == std::string::npos) return out;
  std::size_t at = b + 1;
  while (at < c) {
    const std::size_t comma = std::min(identity.find(',', at), c);
    if (comma > at) out.push_back(identity.substr(at, comma - at));
    at = comma + 1;
  }
  return out;
}

}  // namespace

std::string encode_mention(const MentionValue& m) {
  Encoder e;
  e.u8(kMentionFormat);
  e.str(m.rule);
  put_span(e, m.evidence);
  e.str(m.evidence_text);
  e.f64(m.confidence);
  e.str(m.modality);
  e.str(m.source);
  e.varint(m.simhash);
  e.i64(m.article_date);
  e.strs(m.feeds);
  e.str(m.review);
  e.str(m.identity);
  e.strs(m.companies);
  return e.take();
}

std::optional<MentionValue> decode_mention(std::string_view v) {
  Decoder d(v);
  const std::uint8_t format = d.u8();
  if (format != 1 && format != kMentionFormat) return std::nullopt;
  MentionValue m;
  m.rule = d.str();
  m.evidence = get_span(d);
  m.evidence_text = d.str();
  m.confidence = d.f64();
  m.modality = d.str();
  m.source = d.str();
  m.simhash = d.varint();
  m.article_date = d.i64();
  m.feeds = d.strs();
  m.review = d.str();
  m.identity = d.str();
  m.companies = format == 1 ? companies_of_identity(m.identity) : d.strs();
  return finish(d, std::move(m));
}

std::string encode_feed(const FeedState& f) {
  Encoder e;
  e.u8(kFormat);
  e.str(f.id);
  e.str(f.url);
  e.str(f.title);
  e.str(f.etag);
  e.str(f.last_modified);
  e.i64(f.last_polled);
  e.i64(f.last_ok);
  e.i64(f.next_due);
  e.str(f.last_error);
  e.str(f.last_error_message);
  e.i64(f.last_error_time);
  e.i64(f.consecutive_failures);
  e.i64(f.total_failures);
  e.str(f.redirect_url);
  e.i64(f.redirect_count);
  e.i64(f.items_seen);
  e.str(f.body_hash);
  e.i64(f.body_processed);
  e.i64(f.document_kept);
  return e.take();
}

std::optional<FeedState> decode_feed(std::string_view v) {
  Decoder d(v);
  if (d.u8() != kFormat) return std::nullopt;
  FeedState f;
  f.id = d.str();
  f.url = d.str();
  f.title = d.str();
  f.etag = d.str();
  f.last_modified = d.str();
  f.last_polled = d.i64();
  f.last_ok = d.i64();
  f.next_due = d.i64();
  f.last_error = d.str();
  f.last_error_message = d.str();
  f.last_error_time = d.i64();
  f.consecutive_failures = static_cast<int>(d.i64());
  f.total_failures = d.i64();
  f.redirect_url = d.str();
  f.redirect_count = static_cast<int>(d.i64());
  f.items_seen = d.i64();
  if (!d.at_end()) {  // added after schema 3's first records: older ones end here
    f.body_hash = d.str();
    f.body_processed = d.i64();
  }
  if (!d.at_end()) f.document_kept = d.i64();  // added within schema 4: older records end before it
  return finish(d, std::move(f));
}

std::string encode_review_item(const ReviewItem& r) {
  Encoder e;
  e.u8(kFormat);
  e.str(r.article_id);
  e.varint(r.reasons.size());
  for (const auto& f : r.reasons) put_flag(e, f);
  e.str(r.state);
  e.str(r.reviewer);
  e.str(r.note);
  e.i64(r.created);
  e.i64(r.updated);
  e.strs(r.feeds);
  e.i64(r.article_date);
  return e.take();
}

std::optional<ReviewItem> decode_review_item(std::string_view v) {
  Decoder d(v);
  if (d.u8() != kFormat) return std::nullopt;
  ReviewItem r;
  r.article_id = d.str();
  r.reasons = get_list<Flag>(d, get_flag);
  r.state = d.str();
  r.reviewer = d.str();
  r.note = d.str();
  r.created = d.i64();
  r.updated = d.i64();
  r.feeds = d.strs();
  r.article_date = d.i64();
  return finish(d, std::move(r));
}

std::string encode_decision(const ActionDecision& x) {
  Encoder e;
  e.u8(kFormat);
  e.str(x.article_id);
  e.str(x.action.type);
  e.opt_str(x.action.actor);
  e.strs(x.action.companies);
  e.strs(x.action.chips);
  e.str(x.verdict);
  put_correction(e, x.correction);
  e.str(x.by);
  e.str(x.note);
  e.i64(x.time);
  return e.take();
}

std::optional<ActionDecision> decode_decision(std::string_view v) {
  Decoder d(v);
  if (d.u8() != kFormat) return std::nullopt;
  ActionDecision x;
  x.article_id = d.str();
  x.action.type = d.str();
  x.action.actor = d.opt_str();
  x.action.companies = d.strs();
  x.action.chips = d.strs();
  x.verdict = d.str();
  x.correction = get_correction(d);
  x.by = d.str();
  x.note = d.str();
  x.time = d.i64();
  return finish(d, std::move(x));
}

std::string encode_log(const ReviewLogEntry& x) {
  Encoder e;
  e.u8(kFormat);
  e.varint(x.seq);
  e.i64(x.time);
  e.str(x.by);
  e.str(x.article_id);
  e.str(x.verdict);
  e.str(x.action);
  e.str(x.correction);
  e.str(x.note);
  return e.take();
}

std::optional<ReviewLogEntry> decode_log(std::string_view v) {
  Decoder d(v);
  if (d.u8() != kFormat) return std::nullopt;
  ReviewLogEntry x;
  x.seq = d.varint();
  x.time = d.i64();
  x.by = d.str();
  x.article_id = d.str();
  x.verdict = d.str();
  x.action = d.str();
  x.correction = d.str();
  x.note = d.str();
  return finish(d, std::move(x));
}

namespace {

// One zstd context per thread, kept: ZSTD_compress() makes and frees one (its
// tables, about a megabyte of fresh pages) on every call.
struct ZstdContexts {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  ZSTD_DCtx* d = ZSTD_createDCtx();
  ~ZstdContexts() {
    ZSTD_freeCCtx(c);
    ZSTD_freeDCtx(d);
  }
};
ZstdContexts& zstd_contexts() {
  thread_local ZstdContexts contexts;
  return contexts;
}

}  // namespace

std::string encode_raw(const RawBody& r) {
  // The plain form is kFormat, str(content_type), str(body), compressed in one
  // call from one buffer: zstd's streaming mode, fed the head and then the
  // body, copied both into its own window and cost replay-2022 a fifth more
  // CPU. Both buffers are the thread's, kept between calls (up to 1 MB).
  Encoder e;
  e.u8(kFormat);
  e.str(r.content_type);
  e.varint(r.body.size());
  thread_local std::string plain;
  thread_local std::unique_ptr<char[]> packed;
  thread_local std::size_t packed_size = 0;
  plain = e.take();
  plain.append(r.body);
  const std::size_t bound = ZSTD_compressBound(plain.size());
  if (bound > packed_size) {
    packed.reset(new char[bound]);
    packed_size = bound;
  }
  ZSTD_CCtx* c = zstd_contexts().c;
  if (c == nullptr) return {};
  ZSTD_CCtx_reset(c, ZSTD_reset_session_and_parameters);
  // Level 1: over replay-2022's 4,995 feed documents 0.21 s of CPU and 3.55x, against
  // 0.27 s and 3.64x at level 3.
  ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 1);
  // For a document up to 128 KB level 1 picks a hash table of 2^13-2^15
  // entries; 2^16 (256 KB, the context's, kept) finds more matches sooner.
  // replay-2022 (mostly 8-64 KB): 8% faster, 0.4% smaller; feeds-real (up to
  // 4 MB): as fast, 0.3% smaller.
  if (plain.size() <= (128u << 10)) ZSTD_CCtx_setParameter(c, ZSTD_c_hashLog, 16);
  const std::size_t n = ZSTD_compress2(c, packed.get(), packed_size, plain.data(), plain.size());
  const bool ok = !ZSTD_isError(n);
  std::string out;
  if (ok) {
    out.reserve(8 + n);
    put_be64(out, static_cast<std::uint64_t>(r.last_used));
    out.append(packed.get(), n);
  }
  constexpr std::size_t kKeep = 1 << 20;
  if (plain.capacity() > kKeep) std::string().swap(plain);
  if (packed_size > kKeep) {
    packed.reset();
    packed_size = 0;
  }
  return out;
}

std::optional<RawBody> decode_raw(std::string_view v) {
  if (v.size() < 8) return std::nullopt;
  RawBody r;
  r.last_used = static_cast<UnixSeconds>(get_be64(v));
  v.remove_prefix(8);
  const unsigned long long size = ZSTD_getFrameContentSize(v.data(), v.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (1ull << 32))
    return std::nullopt;
  std::string plain(size, '\0');
  ZSTD_DCtx* dctx = zstd_contexts().d;
  if (dctx == nullptr) return std::nullopt;
  const std::size_t n = ZSTD_decompressDCtx(dctx, plain.data(), plain.size(), v.data(), v.size());
  if (ZSTD_isError(n) || n != size) return std::nullopt;
  Decoder d(plain);
  if (d.u8() != kFormat) return std::nullopt;
  r.content_type = d.str();
  r.body = d.str();
  if (d.failed()) return std::nullopt;
  return r;
}

}  // namespace chipwire::store_detail
