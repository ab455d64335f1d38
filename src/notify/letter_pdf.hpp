#pragma once
// Letters as PDF, drawn with Cairo and laid out by Pango: A4 portrait; the recipient's name
// and address where a DL window envelope shows them (20 mm from the left, 45 mm from the
// top, 90 mm wide); the force and officer top right; the date and crime reference; "Dear
// <title> <surname>"; the subject in bold; the paragraphs; then the officer's name, collar
// number, direct phone and email and their next shifts, so the reader knows whom to call and
// when. DejaVu Sans at 12 pt, or 16 pt for large print; fontconfig supplies Noto for scripts
// DejaVu lacks, and Pango shapes Welsh, Polish and Urdu text. Several letters make one PDF (a
// print run), each starting on a new page; long letters continue on further pages.

#include <string>
#include <vector>

#include "core/result.hpp"

namespace cf::notify {

struct Letter {
  std::string lang = "en";              // en or cy: the fixed wording around the template
  std::vector<std::string> recipient;   // name, then address lines (plain text)
  std::vector<std::string> sender;      // force, unit... (plain text)
  std::string date;                     // written out, e.g. "Friday 27 November 2026"
  std::string reference;                // the crime reference
  std::string salutation;               // "Dear Ms Patel" (plain text)
  std::string subject;                  // escaped (Message::subject)
  std::vector<std::string> paragraphs;  // escaped (Message::paragraphs)
  std::string officer_name;             // plain text, e.g. "PC 1003 Sarah Ahmed"
  std::string officer_phone;
  std::string officer_email;
  std::vector<std::string> next_shifts;  // written out
};

struct PdfOptions {
  bool large_print = false;  // 16 pt instead of 12 pt
};

// Writes the letters to `path`, one after another. Errors: no letters; the file cannot be
// written (the message names it).
core::Status WriteLettersPdf(const std::vector<Letter>& letters, const std::string& path,
                             const PdfOptions& options);
// The same PDF in memory (for a letter sent through GOV.UK Notify). Errors: no letters.
core::Result<std::string> LettersPdf(const std::vector<Letter>& letters, const PdfOptions& options);

}  // namespace cf::notify
