// Rendering personalised letters to PDF: N letters (seeded names, addresses and templates),
// each to its own PDF as a mail merge produces them, then all N as one print run. Also writes
// the same letters as HTML files for LibreOffice to convert in the same run
// (bench/letters_bench.sh). Usage: letters_bench OUT_DIR [letters=10000]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "notify/email.hpp"
#include "notify/letter_pdf.hpp"
#include "notify/message_template.hpp"

namespace notify = cf::notify;

namespace {

using Clock = std::chrono::steady_clock;

const char* const kTitles[] = {"Mr", "Mrs", "Ms", "Miss", "Dr"};
const char* const kGiven[] = {"Ann",   "Gwenllian", "Imran", "Zofia",  "Rhys",
                              "Aisha", "Tom",       "Megan", "Łukasz", "Siân"};
const char* const kFamily[] = {"Lee",   "Prys",  "Khan",   "Nowak",      "Evans",
                               "Ahmed", "Jones", "Hughes", "Wiśniewski", "Davies"};
const char* const kStreets[] = {"Elm Street", "Heol y Coed", "Station Road", "Church Lane",
                                "Mill Close"};
const char* const kTowns[] = {"Leeds", "Aberystwyth", "Bradford", "Cardiff", "York"};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: letters_bench OUT_DIR [letters]\n");
    return 2;
  }
  const std::filesystem::path out = argv[1];
  const int n = argc > 2 ? std::atoi(argv[2]) : 10000;
  std::filesystem::create_directories(out / "ours");
  std::filesystem::create_directories(out / "html");
  std::mt19937 rng(42);
  std::vector<notify::Letter> letters;
  const auto& ids = notify::TemplateIds();
  for (int i = 0; i < n; ++i) {
    const std::string lang = rng() % 5 == 0 ? "cy" : "en";
    const auto t = notify::BuiltInTemplate(ids[rng() % ids.size()], lang);
    auto fields = notify::SampleFields(lang);
    fields.values["crime"] = "42/" + std::to_string(100000 + i) + "/26";
    const auto m = notify::Fill(*t, fields);
    notify::Letter l;
    l.lang = lang;
    const std::string title = kTitles[rng() % 5], given = kGiven[rng() % 10],
                      family = kFamily[rng() % 10];
    l.recipient = {title + " " + given + " " + family,
                   std::to_string(1 + rng() % 200) + " " + kStreets[rng() % 5], kTowns[rng() % 5],
                   "LS1 " + std::to_string(rng() % 9) + "AA"};
    l.sender = {"Demoshire Police", "Unit N1"};
    l.date = lang == "cy" ? "Dydd Gwener 27 Tachwedd 2026" : "Friday 27 November 2026";
    l.reference = fields.values["crime"];
    l.salutation = (lang == "cy" ? "Annwyl " : "Dear ") + title + " " + family;
    l.subject = m.subject;
    l.paragraphs = m.paragraphs;
    l.officer_name = "PC 1003 Sarah Ahmed";
    l.officer_phone = "01632 960003";
    l.officer_email = "sarah.ahmed@police.example";
    l.next_shifts = {"Monday 30 November 2026, 07:00 to 17:00",
                     "Tuesday 1 December 2026, 07:00 to 17:00"};
    letters.push_back(l);
    // The same letter as HTML, for LibreOffice.
    std::ofstream html(out / "html" / ("letter-" + std::to_string(i) + ".html"));
    html << "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>body{font-family:'DejaVu "
            "Sans';font-size:12pt}"
            "</style></head><body>";
    for (const auto& s : l.sender)
      html << "<p style=\"text-align:right\">" << notify::EscapeHtml(s) << "</p>";
    for (const auto& r : l.recipient) html << "<p>" << notify::EscapeHtml(r) << "</p>";
    html << "<p>" << l.date << "</p><p>Crime reference: " << l.reference << "</p><p>"
         << notify::EscapeHtml(l.salutation) << "</p><p><b>" << l.subject << "</b></p>";
    for (const auto& p : l.paragraphs) html << "<p>" << p << "</p>";
    html << "<p>Yours sincerely</p><p><b>" << l.officer_name << "</b><br>" << l.officer_phone
         << "<br>" << l.officer_email << "</p></body></html>\n";
  }
  auto start = Clock::now();
  for (int i = 0; i < n; ++i) {
    const auto ok = notify::WriteLettersPdf(
        {letters[i]}, (out / "ours" / ("letter-" + std::to_string(i) + ".pdf")).string(), {});
    if (!ok) {
      std::fprintf(stderr, "%s\n", ok.error().message.c_str());
      return 1;
    }
  }
  const double each = std::chrono::duration<double>(Clock::now() - start).count();
  start = Clock::now();
  if (!notify::WriteLettersPdf(letters, (out / "run.pdf").string(), {})) return 1;
  const double run = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf(
      "citizenfocus: %d letters to %d PDFs in %.2f s (%.0f letters/s); as one print run PDF in "
      "%.2f s (%.0f/s)\n",
      n, n, each, n / each, run, n / run);
  std::printf("ours_seconds=%.3f\n", each);
  return 0;
}
