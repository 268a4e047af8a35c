// Date parsing for feeds (see dates.h).
#include "feeds/dates.h"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace chipwire {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

struct Fields {
  int year = -1, month = -1, day = -1, hour = 0, minute = 0, second = 0;
  int offset_minutes = 0;  // local = UTC + offset
};

std::optional<UnixSeconds> build(const Fields& f) {
  if (f.year < 1 || f.year > 9999 || f.month < 1 || f.month > 12 || f.day < 1 ||
      f.day > days_in_month(f.year, f.month))
    return std::nullopt;
  if (f.hour < 0 || f.hour > 23 || f.minute < 0 || f.minute > 59 || f.second < 0 || f.second > 60)
    return std::nullopt;
  int sec = f.second == 60 ? 59 : f.second;
  return to_unix(f.year, f.month, f.day, f.hour, f.minute, sec) - static_cast<UnixSeconds>(f.offset_minutes) * 60;
}

// Reads exactly `n` digits.
bool digits(std::string_view s, std::size_t& p, std::size_t n, int& out) {
  if (p + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!is_digit(s[p + i])) return false;
    v = v * 10 + (s[p + i] - '0');
  }
  p += n;
  out = v;
  return true;
}
// Reads 1..max digits.
bool some_digits(std::string_view s, std::size_t& p, std::size_t max, int& out) {
  std::size_t st = p;
  int v = 0;
  while (p < s.size() && is_digit(s[p]) && p - st < max) v = v * 10 + (s[p++] - '0');
  if (p == st || (p < s.size() && is_digit(s[p]))) return false;
  out = v;
  return true;
}

// "Z", "+hh:mm", "+hhmm", "+hh" at s[p..]; consumes all of it.
bool numeric_zone(std::string_view s, std::size_t p, int& offset) {
  if (p >= s.size()) return false;
  if (s.substr(p) == "Z" || s.substr(p) == "z") {
    offset = 0;
    return true;
  }
  if (s[p] != '+' && s[p] != '-') return false;
  int sign = s[p] == '-' ? -1 : 1;
  ++p;
  int h = 0, m = 0;
  if (!digits(s, p, 2, h)) return false;
  if (p < s.size() && s[p] == ':') ++p;
  if (p < s.size() && !digits(s, p, 2, m)) return false;
  if (p != s.size() || h > 23 || m > 59) return false;
  offset = sign * (h * 60 + m);
  return true;
}

// Zone names feedparser knows (hours east of UTC).
bool named_zone(std::string_view name, int& offset) {
  struct Z {
    std::string_view n;
    int h;
  };
  static constexpr std::array<Z, 26> kZones = {{{"ut", 0}, {"utc", 0}, {"gmt", 0}, {"z", 0}, {"etc/gmt", 0},
                                                {"etc/utc", 0}, {"adt", -3}, {"ast", -4}, {"at", -4},
                                                {"edt", -4}, {"est", -5}, {"et", -5}, {"cdt", -5},
                                                {"cst", -6}, {"ct", -6}, {"mdt", -6}, {"mst", -7},
                                                {"mt", -7}, {"pdt", -7}, {"pst", -8}, {"pt", -8},
                                                {"met", 1}, {"mest", 2}, {"cet", 1}, {"cest", 2}, {"bst", 1}}};
  std::string l;
  for (char c : name) l += lower(c);
  for (const auto& z : kZones)
    if (z.n == l) {
      offset = z.h * 60;
      return true;
    }
  return false;
}

int month_from_name(std::string_view w) {
  static constexpr std::array<std::string_view, 12> kFull = {
      "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
      "november", "december"};
  std::string l;
  for (char c : w) l += lower(c);
  if (!l.empty() && l.back() == '.') l.pop_back();
  if (l.size() < 3) return 0;
  for (int i = 0; i < 12; ++i) {
    if (l == kFull[static_cast<std::size_t>(i)] || l == kFull[static_cast<std::size_t>(i)].substr(0, 3)) return i + 1;
    if (l == "sept" && i == 8) return 9;
  }
  return 0;
}

bool is_weekday(std::string_view w) {
  static constexpr std::array<std::string_view, 7> kDays = {"sunday", "monday", "tuesday", "wednesday",
                                                            "thursday", "friday", "saturday"};
  std::string l;
  for (char c : w) l += lower(c);
  if (!l.empty() && l.back() == '.') l.pop_back();
  for (auto d : kDays)
    if (l == d || (l.size() >= 3 && d.starts_with(l) && (l.size() == 3 || l.size() == 4))) return true;
  return false;
}

// Replaces Greek, Hungarian and Korean words with English/ASCII ones.
std::string translate(std::string_view s) {
  struct R {
    std::string_view from, to;
  };
  static constexpr R kWords[] = {
      // Greek months and weekdays (feedparser's table)
      {"\u0399\u03b1\u03bd", "Jan"}, {"\u03a6\u03b5\u03b2", "Feb"}, {"\u039c\u03ac\u03ce", "Mar"},
      {"\u039c\u03b1\u03ce", "Mar"}, {"\u0391\u03c0\u03c1", "Apr"}, {"\u039c\u03ac\u03b9", "May"},
      {"\u039c\u03b1\u03ca", "May"}, {"\u039c\u03b1\u03b9", "May"}, {"\u0399\u03bf\u03cd\u03bd", "Jun"},
      {"\u0399\u03bf\u03bd", "Jun"}, {"\u0399\u03bf\u03cd\u03bb", "Jul"}, {"\u0399\u03bf\u03bb", "Jul"},
      {"\u0391\u03cd\u03b3", "Aug"}, {"\u0391\u03c5\u03b3", "Aug"}, {"\u03a3\u03b5\u03c0", "Sep"},
      {"\u039f\u03ba\u03c4", "Oct"}, {"\u039d\u03bf\u03ad", "Nov"}, {"\u039d\u03bf\u03b5", "Nov"},
      {"\u0394\u03b5\u03ba", "Dec"}, {"\u039a\u03c5\u03c1", "Sun"}, {"\u0394\u03b5\u03c5", "Mon"},
      {"\u03a4\u03c1\u03b9", "Tue"}, {"\u03a4\u03b5\u03c4", "Wed"}, {"\u03a0\u03b5\u03bc", "Thu"},
      {"\u03a0\u03b1\u03c1", "Fri"}, {"\u03a3\u03b1\u03b2", "Sat"},
      // Hungarian months
      {"janu\u00e1r", "01"}, {"febru\u00e1ri", "02"}, {"m\u00e1rcius", "03"}, {"\u00e1prilis", "04"},
      {"m\u00e1ujus", "05"}, {"j\u00fanius", "06"}, {"j\u00falius", "07"}, {"augusztus", "08"},
      {"szeptember", "09"}, {"okt\u00f3ber", "10"}, {"november", "11"}, {"december", "12"}};
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    bool hit = false;
    {
      for (const auto& r : kWords)
        if (s.substr(i).starts_with(r.from)) {
          // Hungarian names only between '-' (2004-július-13).
          bool hungarian = is_digit(r.to[0]);
          if (hungarian && !(i > 0 && s[i - 1] == '-')) continue;
          out += r.to;
          i += r.from.size();
          hit = true;
          break;
        }
    }
    if (!hit) out += s[i++];
  }
  return out;
}

// Korean forms: "2004년 05월 28일  01:31:15" (OnBlog) and "2004-05-25 오후 11:23:17" (Nate), both KST.
std::optional<UnixSeconds> parse_korean(std::string_view s) {
  static constexpr std::string_view kYear = "\ub144", kMonth = "\uc6d4", kDay = "\uc77c";
  static constexpr std::string_view kAm = "\uc624\uc804", kPm = "\uc624\ud6c4";
  Fields f;
  f.offset_minutes = 9 * 60;
  std::size_t p = 0;
  auto skip_ws = [&] { while (p < s.size() && is_space(s[p])) ++p; };
  auto lit = [&](std::string_view l) {
    if (!s.substr(p).starts_with(l)) return false;
    p += l.size();
    return true;
  };
  auto time = [&] {
    return some_digits(s, p, 2, f.hour) && lit(":") && some_digits(s, p, 2, f.minute) && lit(":") &&
           some_digits(s, p, 2, f.second);
  };
  if (!digits(s, p, 4, f.year)) return std::nullopt;
  if (lit(kYear)) {
    skip_ws();
    if (!digits(s, p, 2, f.month) || !lit(kMonth)) return std::nullopt;
    skip_ws();
    if (!digits(s, p, 2, f.day) || !lit(kDay)) return std::nullopt;
    skip_ws();
    if (!time() || p != s.size()) return std::nullopt;
    return build(f);
  }
  if (!lit("-") || !digits(s, p, 2, f.month) || !lit("-") || !digits(s, p, 2, f.day)) return std::nullopt;
  skip_ws();
  bool pm = false;
  if (lit(kPm)) pm = true;
  else if (!lit(kAm)) return std::nullopt;
  skip_ws();
  if (!time() || p != s.size()) return std::nullopt;
  if (pm && f.hour < 12) f.hour += 12;
  return build(f);
}

}  // namespace

std::optional<UnixSeconds> parse_w3c_date(std::string_view s) {
  s = trim(s);
  Fields f;
  std::size_t p = 0;
  if (!digits(s, p, 4, f.year)) return std::nullopt;
  f.month = f.day = 1;
  bool basic = false;  // 20040708T235658Z
  if (p == s.size()) return build(f);
  if (s[p] == '-') {
    ++p;
    if (!digits(s, p, 2, f.month)) return std::nullopt;
    if (p < s.size() && is_digit(s[p]) && f.month <= 1 && p + 1 < s.size() && s[p + 1] == '-') {
      f.month = f.month * 10 + (s[p++] - '0');  // "2003-012-31": a zero-padded three-digit month
    }
    if (p == s.size()) return build(f);
    if (s[p] != '-') return std::nullopt;
    ++p;
    if (!some_digits(s, p, 2, f.day)) return std::nullopt;
  } else if (digits(s, p, 2, f.month) && digits(s, p, 2, f.day)) {
    basic = true;
  } else {
    return std::nullopt;
  }
  if (p == s.size()) return build(f);
  if (s[p] != 'T' && s[p] != 't' && s[p] != ' ') return std::nullopt;
  ++p;
  while (p < s.size() && s[p] == ' ') ++p;
  if (basic) {  // 20040708T235658Z
    if (!digits(s, p, 2, f.hour) || !digits(s, p, 2, f.minute)) return std::nullopt;
    if (p < s.size() && is_digit(s[p]) && !digits(s, p, 2, f.second)) return std::nullopt;
  } else if (!some_digits(s, p, 2, f.hour)) {
    return std::nullopt;
  } else if (p < s.size() && s[p] == ':') {
    ++p;
    if (!digits(s, p, 2, f.minute)) return std::nullopt;
    if (p < s.size() && s[p] == ':') {
      ++p;
      if (!digits(s, p, 2, f.second)) return std::nullopt;
      if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
        ++p;
        std::size_t st = p;
        while (p < s.size() && is_digit(s[p])) ++p;
        if (p == st) return std::nullopt;
      }
    }
  } else {
    return std::nullopt;  // an hour alone is no time
  }
  while (p < s.size() && s[p] == ' ') ++p;
  if (p == s.size()) return build(f);
  if (!numeric_zone(s, p, f.offset_minutes)) {
    std::string_view zone = s.substr(p);
    if (!named_zone(zone, f.offset_minutes)) return std::nullopt;
  }
  return build(f);
}

std::optional<UnixSeconds> parse_rfc822_date(std::string_view s) {
  s = trim(s);
  // Tokens: words, numbers, times (h:m[:s]), zones; separators are space and ','.
  std::array<std::string_view, 12> token_list;  // at most 12: no allocation per date
  std::size_t count = 0;
  std::size_t p = 0;
  while (p < s.size()) {
    if (is_space(s[p]) || s[p] == ',') {
      ++p;
      continue;
    }
    std::size_t st = p;
    while (p < s.size() && !is_space(s[p]) && s[p] != ',') ++p;
    if (count == token_list.size()) return std::nullopt;
    token_list[count++] = s.substr(st, p - st);
  }
  const std::span<const std::string_view> tokens(token_list.data(), count);
  Fields f;
  bool have_time = false, have_zone = false, pm = false, am = false;
  int numbers = 0;
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    std::string_view tok = tokens[t];
    if (is_digit(tok[0]) && tok.find(':') != std::string_view::npos) {
      if (have_time) return std::nullopt;
      std::size_t q = 0;
      if (!some_digits(tok, q, 2, f.hour) || q >= tok.size() || tok[q++] != ':' || !digits(tok, q, 2, f.minute))
        return std::nullopt;
      if (q < tok.size() && tok[q] == ':') {
        ++q;
        if (!digits(tok, q, 2, f.second)) return std::nullopt;
        if (q < tok.size() && tok[q] == '.') {
          ++q;
          while (q < tok.size() && is_digit(tok[q])) ++q;
        }
      }
      have_time = true;
      if (q != tok.size()) {  // "16:31:00+0100" or "10:00:00Z"
        if (!numeric_zone(tok, q, f.offset_minutes)) return std::nullopt;
        have_zone = true;
      }
      continue;
    }
    if (is_digit(tok[0])) {
      std::size_t q = 0;
      int v = 0;
      if (!some_digits(tok, q, 4, v) || q != tok.size()) return std::nullopt;
      if (tok.size() == 4 || (f.day >= 0 && f.year < 0)) {
        if (f.year >= 0) return std::nullopt;
        f.year = tok.size() <= 2 ? (v < 90 ? 2000 + v : 1900 + v) : v;
        if (tok.size() == 3) return std::nullopt;
      } else if (f.day < 0 && tok.size() <= 2) {
        f.day = v;
      } else {
        return std::nullopt;
      }
      ++numbers;
      continue;
    }
    if (tok[0] == '+' || tok[0] == '-') {
      if (have_zone || !have_time) return std::nullopt;
      if (!numeric_zone(tok, 0, f.offset_minutes)) return std::nullopt;
      have_zone = true;
      continue;
    }
    if (tok[0] == '(' && tok.back() == ')' && have_zone) continue;  // "+0000 (UTC)"
    if (int m = month_from_name(tok)) {
      if (f.month >= 0) return std::nullopt;
      f.month = m;
      continue;
    }
    if (f.month < 0 && f.day < 0 && is_weekday(tok)) continue;
    std::string l;
    for (char c : tok) l += lower(c);
    if ((l == "am" || l == "pm") && have_time) {
      (l == "am" ? am : pm) = true;
      continue;
    }
    if (!have_zone && have_time) {
      // "GMT", "EST", "GMT+0100", "UTC-05:00"
      std::size_t sign = tok.find_first_of("+-", 1);
      if (sign != std::string_view::npos && is_alpha(tok[0])) {
        int base = 0, off = 0;
        if (!named_zone(tok.substr(0, sign), base) || base != 0 || !numeric_zone(tok, sign, off))
          return std::nullopt;
        f.offset_minutes = off;
        have_zone = true;
        continue;
      }
      if (named_zone(tok, f.offset_minutes)) {
        have_zone = true;
        continue;
      }
    }
    return std::nullopt;
  }
  if (f.year < 0 || f.month < 0 || f.day < 0) return std::nullopt;
  if (pm || am) {
    if (f.hour < 1 || f.hour > 12) return std::nullopt;
    if (pm && f.hour != 12) f.hour += 12;
    if (am && f.hour == 12) f.hour = 0;
  }
  (void)numbers;
  return build(f);
}

std::optional<UnixSeconds> parse_feed_date(std::string_view text) {
  std::string_view s = trim(text);
  if (s.empty() || s.size() > 200) return std::nullopt;
  if (auto t = parse_w3c_date(s)) return t;
  if (auto t = parse_rfc822_date(s)) return t;
  bool non_ascii = false;
  for (char c : s) non_ascii |= static_cast<unsigned char>(c) >= 0x80;
  if (!non_ascii) return std::nullopt;
  if (auto t = parse_korean(s)) return t;
  std::string tr = translate(s);
  if (auto t = parse_w3c_date(tr)) return t;
  return parse_rfc822_date(tr);
}

}  // namespace chipwire
