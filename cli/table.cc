#include "cli/table.h"

#include <algorithm>

#include "core/text.h"

namespace chipwire::cli {

std::size_t display_columns(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string cut_to_columns(const std::string& text, std::size_t columns) {
  if (display_columns(text) <= columns) return text;
  if (columns == 0) return "";
  std::string out;
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) != 0x80) {
      if (n + 1 == columns) break;
      ++n;
    }
    out += text[i];
  }
  return out + "\xE2\x80\xA6";
}

std::string Table::render(int width) const {
  std::vector<std::vector<std::string>> cells;
  cells.push_back(headers_);
  for (const auto& r : rows_) {
    std::vector<std::string> safe;
    for (const auto& c : r) safe.push_back(terminal_safe(c));
    cells.push_back(std::move(safe));
  }
  std::vector<std::size_t> widths(headers_.size(), 0);
  for (const auto& r : cells)
    for (std::size_t i = 0; i < r.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], display_columns(r[i]));
  std::string out;
  for (const auto& r : cells) {
    std::string line;
    for (std::size_t i = 0; i < widths.size(); ++i) {
      std::string cell = i < r.size() ? r[i] : "";
      if (i + 1 == widths.size()) {
        if (width > 0) {
          const std::size_t used = display_columns(line);
          const std::size_t room = static_cast<std::size_t>(width) > used + 1 ? width - used : 1;
          cell = cut_to_columns(cell, room);
        }
        line += cell;
      } else {
        line += cell + std::string(widths[i] - display_columns(cell) + 2, ' ');
      }
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::string csv_row(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    const std::string& f = fields[i];
    if (f.find_first_of(",\"\n\r") == std::string::npos) {
      out += f;
    } else {
      out += '"';
      for (char c : f) {
        if (c == '"') out += '"';
        out += c;
      }
      out += '"';
    }
  }
  return out + "\n";
}

}  // namespace chipwire::cli
