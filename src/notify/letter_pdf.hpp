#pragma once
// Letters as PDF, drawn with Cairo and laid out by Pango: A4 portrait; the recipient's name
// and address where a DL window envelope shows them (20 mm from the left, 45 mm from the
// top, 90 mm wide); the force and officer top right; the date and crime reference; "Dear
// <title> <surname>"; the subject in bold; the paragraphs; then the officer's name, collar
// number, direct phone and email and their next shifts, so the reader knows whom to call and
// when, and whom to call while they are away. Each page is numbered "Page 1 of 2". DejaVu Sans
// at 12 pt; large print sets the whole letter, header and footer included, at 16 pt; easy read
// sets it at 16 pt with more space between lines and its own plainer wording around the
// template (short sentences, one idea to a line). fontconfig supplies Noto for scripts DejaVu
// lacks, and Pango shapes Welsh, Polish and Urdu text. Several letters make one PDF (a print
// run), each starting on a new page in its own format; long letters continue on further pages.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace cf::notify {

enum class LetterFormat { kStandard, kLargePrint, kEasyRead };

// "standard", "large_print", "easy_read" (as recorded in a person's needs), and back.
const char* FormatName(LetterFormat format);
std::optional<LetterFormat> ParseFormat(std::string_view name);

struct Letter {
  std::string lang = "en";  // en, cy or easy (easy-read English): the wording around the template
  LetterFormat format = LetterFormat::kStandard;
  std::vector<std::string> recipient;   // name, then address lines (plain text)
  std::vector<std::string> sender;      // force, unit, the force's address lines (plain text)
  std::string force_phone;              // the number to call when the officer is away ("101")
  std::string date;                     // written out, e.g. "Friday 27 November 2026"
  std::string reference;                // the crime reference
  std::string salutation;               // "Dear Ms Patel" (plain text)
  std::string subject;                  // escaped (Message::subject)
  std::vector<std::string> paragraphs;  // escaped (Message::paragraphs)
  std::string officer_name;             // plain text, e.g. "PC 1003 Sarah Ahmed"
  std::string officer_phone;
  std::string officer_email;
  std::vector<std::string> next_shifts;  // written out
  // Whom to call while the officer is away (plain text; both empty: the force's number).
  std::string away_name;   // "PS 2001 Nia Evans"
  std::string away_phone;  // their direct line
  bool from_team = false;  // signed by a team (a Witness Care Unit), which is never away
};

struct PdfOptions {
  bool large_print = false;  // standard letters in large print too (easy read stays easy read)
};

// Writes the letters to `path`, one after another. Errors: no letters; the file cannot be
// written (the message names it).
core::Status WriteLettersPdf(const std::vector<Letter>& letters, const std::string& path,
                             const PdfOptions& options);
// The same PDF in memory (for a letter sent through GOV.UK Notify). Errors: no letters.
core::Result<std::string> LettersPdf(const std::vector<Letter>& letters, const PdfOptions& options);

}  // namespace cf::notify
