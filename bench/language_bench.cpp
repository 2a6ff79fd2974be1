// SPDX-License-Identifier: Apache-2.0
// What language detection costs the ingest path per message: language::message_language
// (no hint, so CLD2 runs) over short, medium and 4 KiB texts in Spanish, Turkish and English,
// with the daemon's malloc settings (app/main.cpp). Prints the median of several runs, in
// microseconds per message.
// Usage: language_bench [messages-per-run] [runs]
#include "language/message_language.hpp"

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using Clock = std::chrono::steady_clock;

namespace {

struct Text {
  const char* name;
  std::string subject;
  std::string body;
};

std::string repeated(const std::string& sentence, std::size_t bytes) {
  std::string out;
  while (out.size() < bytes) out += sentence;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);  // as frontdeskd's main() sets them
  mallopt(M_TRIM_THRESHOLD, 512 * 1024);
  const int per_run = argc > 1 ? std::atoi(argv[1]) : 20000;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  const std::string es = "No puedo entrar en mi cuenta desde ayer por la tarde. ¿Me pueden ayudar? ";
  const std::string tr = "Dün verdiğim sipariş hâlâ kargoya verilmedi, yardımcı olur musunuz? ";
  const std::string en = "I cannot log in to my account since yesterday afternoon, could you help? ";
  const std::vector<Text> texts = {
      {"short es (75 B)", "Cuenta", es},
      {"short tr (70 B)", "Sipariş", tr},
      {"short en (75 B)", "Login", en},
      {"medium es (600 B)", "Cuenta", repeated(es, 600)},
      {"capped en (64 KiB)", "Login", repeated(en, 64 * 1024)},
      {"undetectable (12 B)", "12345", "67890"},
  };
  for (const auto& t : texts) {
    std::vector<double> us;
    std::string found;
    for (int r = 0; r < runs; ++r) {
      const auto start = Clock::now();
      for (int i = 0; i < per_run; ++i) found = frontdesk::language::message_language("", t.subject, t.body);
      us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count() / per_run);
    }
    std::sort(us.begin(), us.end());
    std::printf("%-22s %8.2f us/message (median of %d runs; min %.2f, max %.2f) -> '%s'\n", t.name,
                us[us.size() / 2], runs, us.front(), us.back(), found.c_str());
  }
  return 0;
}
