// docs/STREAM.md is the stream's specification: this test reads it and checks
// that its constant table (§3.6) lists exactly the kernel's constants, and
// that the values of its "How to check your implementation" table are the
// kernel's, so the document cannot drift from the code.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "check.h"
#include "fill.h"
#include "stream_constants.h"

using namespace kaiming;

namespace {

std::vector<std::string> document_lines() {
  std::ifstream in(KAIMING_STREAM_MD);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The cells of a Markdown table row "| a | b | c |", trimmed, backquotes removed.
std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream row(line.substr(1));
  for (std::string cell; std::getline(row, cell, '|');) {
    std::string t;
    for (char c : cell) {
      if (c != '`') t += c;
    }
    const size_t first = t.find_first_not_of(' '), last = t.find_last_not_of(' ');
    out.push_back(first == std::string::npos ? "" : t.substr(first, last - first + 1));
  }
  return out;
}

// The table rows of the section whose heading starts with `heading`.
std::vector<std::vector<std::string>> section_rows(const std::vector<std::string>& lines, const std::string& heading) {
  std::vector<std::vector<std::string>> rows;
  bool inside = false;
  for (const std::string& line : lines) {
    if (line.rfind("#", 0) == 0) inside = line.find(heading) != std::string::npos;
    if (inside && line.rfind("| ", 0) == 0 && line.rfind("|---", 0) != 0) rows.push_back(cells(line));
  }
  if (!rows.empty()) rows.erase(rows.begin());  // the header row
  return rows;
}

uint64_t fnv1a(const std::string& bytes) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : bytes) h = (h ^ c) * 0x100000001b3ull;
  return h;
}

// The numbers of "low 0, high 1" or "mean 0, std 1, a -2, b 2", in order.
std::vector<double> numbers(const std::string& text) {
  std::vector<double> out;
  std::stringstream words(text);
  for (std::string word; words >> word;) {
    if (!word.empty() && word.back() == ',') word.pop_back();
    char* end = nullptr;
    const double v = std::strtod(word.c_str(), &end);
    if (end != word.c_str() && *end == 0) out.push_back(v);
  }
  return out;
}

}  // namespace

TEST(the_constant_table_is_the_kernels) {
  const auto rows = section_rows(document_lines(), "3.6 Constants");
  CHECK_EQ(rows.size(), stream_constants::kCount);
  std::map<std::string, int> seen;
  for (const auto& row : rows) {
    CHECK_EQ(row.size(), size_t{4});
    if (row.size() != 4) continue;
    const std::string& name = row[0];
    const double documented = std::strtod(row[2].c_str(), nullptr);
    bool found = false;
    for (const auto& c : stream_constants::kAll) {
      if (name != c.name) continue;
      found = true;
      if (documented != c.value) std::printf("  %s: document %a, kernel %a\n", name.c_str(), documented, c.value);
      CHECK(documented == c.value);
      const bool is_float = static_cast<double>(static_cast<float>(c.value)) == c.value;
      if (row[1] == "float32") CHECK(is_float);
    }
    if (!found) std::printf("  not a kernel constant: %s\n", name.c_str());
    CHECK(found);
    ++seen[name];
  }
  for (const auto& c : stream_constants::kAll) CHECK_EQ(seen[c.name], 1);
}

TEST(the_string_key_vectors_are_fnv1a) {
  CHECK_EQ(fnv1a("a"), 0xaf63dc4c8601ec8cull);
  CHECK_EQ(fnv1a("foobar"), 0x85944171f73967e8ull);
  CHECK_EQ(fnv1a("k\xC3\xA9y"), 0xbb43ebd42f358f0dull);
  CHECK_EQ(fnv1a("\xEF\xBF\xBD"), 0x6f6d661b9658624aull);  // U+FFFD, which a lone surrogate becomes
  CHECK_EQ(fnv1a("layer.0.weight"), 0x7b3e0c79a947673aull);
}

TEST(the_check_values_are_the_kernels) {
  const auto lines = document_lines();
  const auto rows = section_rows(lines, "How to check your implementation");
  CHECK_EQ(rows.size(), size_t{4});
  const uint64_t key = fnv1a("layer.0.weight");
  for (const auto& row : rows) {
    CHECK_EQ(row.size(), size_t{4});
    if (row.size() != 4) continue;
    const Transform transform = row[0] == "uniform" ? Transform::kUniform : row[0] == "normal" ? Transform::kNormal : Transform::kTruncatedNormal;
    const DType dtype = row[1] == "float32" ? DType::kFloat32 : row[1] == "float64" ? DType::kFloat64 : row[1] == "bfloat16" ? DType::kBfloat16 : DType::kFloat16;
    const std::vector<double> p = numbers(row[2]);
    FillParams params;
    params.p0 = p.size() > 0 ? p[0] : 0;
    params.p1 = p.size() > 1 ? p[1] : 0;
    params.p2 = p.size() > 2 ? p[2] : 0;
    params.p3 = p.size() > 3 ? p[3] : 0;
    const size_t width = bytes_per_element(dtype);
    std::vector<unsigned char> out(8 * width);
    const FillRequest r = make_request(out.data(), dtype, transform, params, 2024, key, 0, 8, 1);
    CHECK(!validate(r).refused());
    CHECK(fill(r) == FillStatus::kDone);
    std::string made;
    for (size_t i = 0; i < 8; ++i) {
      uint64_t bits = 0;
      for (size_t b = 0; b < width; ++b) bits |= static_cast<uint64_t>(out[i * width + b]) << (8 * b);  // little-endian
      char hex[17];
      std::snprintf(hex, sizeof hex, "%0*llx", static_cast<int>(2 * width), static_cast<unsigned long long>(bits));
      made += (i ? " " : "") + std::string(hex);
    }
    if (made != row[3]) std::printf("  %s %s: document %s, kernel %s\n", row[0].c_str(), row[1].c_str(), row[3].c_str(), made.c_str());
    CHECK(made == row[3]);
  }
}
