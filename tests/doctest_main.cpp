// The doctest runner of the C++ test binaries. ctest runs each test case in a process of its own,
// chosen by --test-case=NAME (doctest_discover_tests). A name that filter cannot match — a ';' in a
// TEST_CASE name splits it in CMake's lists — would run nothing and pass, so here a run in which no
// test case passes the filters fails.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>

namespace {

bool ran_nothing = false;

struct RanNothing : doctest::IReporter {
  explicit RanNothing(const doctest::ContextOptions&) {}
  void test_run_end(const doctest::TestRunStats& stats) override {
    ran_nothing = stats.numTestCasesPassingFilters == 0;
  }
  void report_query(const doctest::QueryData&) override {}
  void test_run_start() override {}
  void test_case_start(const doctest::TestCaseData&) override {}
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_end(const doctest::CurrentTestCaseStats&) override {}
  void test_case_exception(const doctest::TestCaseException&) override {}
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData&) override {}
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData&) override {}
};

}  // namespace

REGISTER_LISTENER("ran_nothing", 1, RanNothing);

int main(int argc, char** argv) {
  doctest::Context context(argc, argv);
  const int result = context.run();
  if (context.shouldExit() || result != 0) return result;
  if (ran_nothing) {
    std::fprintf(stderr, "no test case matches the filters given\n");
    return 1;
  }
  return 0;
}
