// A minimal test harness: TEST(name) registers a function, CHECK/CHECK_EQ
// record failures with file and line, main() runs all and returns non-zero on
// any failure (ctest reads the exit code).
#pragma once

#include <cstdio>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace check {

struct Test {
  const char* name;
  std::function<void()> fn;
};

inline std::vector<Test>& registry() {
  static std::vector<Test> tests;
  return tests;
}

inline int& failures() {
  static int count = 0;
  return count;
}

struct Register {
  Register(const char* name, std::function<void()> fn) { registry().push_back({name, std::move(fn)}); }
};

template <class A, class B>
void expect_eq(const A& a, const B& b, const char* expr_a, const char* expr_b, const char* file, int line) {
  if (a == b) return;
  std::ostringstream out;
  out << file << ":" << line << ": expected " << expr_a << " == " << expr_b << " but got " << a << " vs " << b;
  std::fprintf(stderr, "  FAIL %s\n", out.str().c_str());
  ++failures();
}

}  // namespace check

#define CHECK_CONCAT_(a, b) a##b
#define CHECK_CONCAT(a, b) CHECK_CONCAT_(a, b)
#define TEST(name)                                                              \
  static void name();                                                           \
  static check::Register CHECK_CONCAT(register_, name)(#name, name);            \
  static void name()
#define CHECK(cond)                                                             \
  do {                                                                          \
    if (!(cond)) {                                                              \
      std::fprintf(stderr, "  FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);    \
      ++check::failures();                                                      \
    }                                                                           \
  } while (0)
#define CHECK_EQ(a, b) check::expect_eq((a), (b), #a, #b, __FILE__, __LINE__)

int main() {
  for (const auto& test : check::registry()) {
    const int before = check::failures();
    test.fn();
    std::printf("%s %s\n", check::failures() == before ? "ok  " : "FAIL", test.name);
  }
  std::printf("%d failure(s)\n", check::failures());
  return check::failures() == 0 ? 0 : 1;
}
