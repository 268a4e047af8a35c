// Output helpers for listings: aligned tables for people (fit to the terminal,
// feed text made terminal-safe), CSV for scripts.
#pragma once

#include <string>
#include <vector>

namespace chipwire::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  // Columns aligned; the last column is cut to fit `width` (0 = no limit).
  std::string render(int width) const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

// One CSV record (RFC 4180 quoting), ending in "\n".
std::string csv_row(const std::vector<std::string>& fields);

// Cuts UTF-8 text to at most `columns` code points, ending in "…" when cut.
std::string cut_to_columns(const std::string& text, std::size_t columns);
std::size_t display_columns(const std::string& text);

}  // namespace chipwire::cli
