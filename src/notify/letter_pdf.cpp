#include "notify/letter_pdf.hpp"

#include <cairo-pdf.h>
#include <fmt/format.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include <algorithm>

#include "core/escape.hpp"
#include "core/file_io.hpp"
#include "notify/message_template.hpp"
#include "pdf/layout.hpp"

namespace cf::notify {
namespace {

constexpr double kMm = 72.0 / 25.4;
constexpr double kPageWidth = 210 * kMm;
constexpr double kPageHeight = 297 * kMm;
constexpr double kLeft = 20 * kMm;
constexpr double kRight = 20 * kMm;
constexpr double kTop = 15 * kMm;
constexpr double kBottom = 20 * kMm;
constexpr double kTextWidth = kPageWidth - kLeft - kRight;

struct Wording {
  const char* reference;
  const char* yours;
  const char* phone;
  const char* email;
  const char* shifts;
  const char* formats;
  const char* page;            // "Page {} of {}"
  const char* away_with_name;  // {name} {phone} {force}
  const char* away;            // {force}
};

const Wording& WordingFor(const std::string& lang) {
  static const Wording en{
      "Crime reference",
      "Yours sincerely",
      "Phone",
      "Email",
      "I am next at work",
      "If you would like this letter in large print, in easy read, in another format or in "
      "another language, please call me.",
      "Page {} of {}",
      "While I am away, please call {name} on {phone}, or call {force} and give your crime "
      "reference.",
      "While I am away, please call {force} and give your crime reference."};
  static const Wording cy{
      "Cyfeirnod trosedd",
      "Yn gywir",
      "Ffôn",
      "E-bost",
      "Byddaf yn y gwaith nesaf",
      "Os hoffech chi gael y llythyr hwn mewn print bras, mewn fformat hawdd ei ddeall, mewn "
      "fformat arall neu mewn iaith arall, ffoniwch fi.",
      "Tudalen {} o {}",
      "Tra byddaf i ffwrdd, ffoniwch {name} ar {phone}, neu ffoniwch {force} a rhowch gyfeirnod "
      "eich trosedd.",
      "Tra byddaf i ffwrdd, ffoniwch {force} a rhowch gyfeirnod eich trosedd."};
  static const Wording easy{"Your crime number",
                            "From",
                            "Phone",
                            "Email",
                            "I am at work next on",
                            "You can ask for this letter in another language. Call me.",
                            "Page {} of {}",
                            "If I am away, call {name} on {phone}.",
                            "If I am away, call {force}."};
  return lang == "cy" ? cy : lang == "easy" ? easy : en;
}

// Joins with a separator (appending, which also avoids a GCC 12 -Wrestrict false positive).
std::string Join(const std::vector<std::string>& parts, const char* separator,
                 std::string (*each)(std::string_view)) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += separator;
    out += each(p);
  }
  return out;
}

// Draws text blocks top to bottom, starting new pages as they fill.
class Writer {
 public:
  Writer(cairo_t* cr, double size) : cr_(cr), size_(size) {
    font_ = pango_font_description_from_string("DejaVu Sans");
    pango_font_description_set_absolute_size(font_, size * PANGO_SCALE);
  }
  // Sets the type for one letter: its size and line spacing, and whether this is the run that
  // only counts its pages (drawing nothing) before the one that numbers them.
  void StartLetter(double size, double line_spacing, bool counting, int pages,
                   std::string page_format) {
    size_ = size;
    line_spacing_ = line_spacing;
    counting_ = counting;
    pages_ = pages;
    page_ = 1;
    page_format_ = std::move(page_format);
    y_ = kTop;
  }
  int page() const { return page_; }
  ~Writer() { pango_font_description_free(font_); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // A block of Pango markup at (x, y) `width` wide, not flowing across pages; returns its height.
  double Block(const std::string& markup, double x, double y, double width, double scale = 1.0) {
    PangoLayout* layout = Layout(markup, width, scale);
    if (!counting_) {
      cairo_move_to(cr_, x, y);
      pango_cairo_show_layout(cr_, layout);
    }
    int w = 0, h = 0;
    pango_layout_get_size(layout, &w, &h);
    g_object_unref(layout);
    return static_cast<double>(h) / PANGO_SCALE;
  }

  // A paragraph in the body's flow: line by line, over a page break when needed.
  void Flow(const std::string& markup, double space_after) {
    PangoLayout* layout = Layout(markup, kTextWidth, 1.0);
    PangoLayoutIter* iter = pango_layout_get_iter(layout);
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(iter, nullptr, &logical);
      const double height = static_cast<double>(logical.height) / PANGO_SCALE * line_spacing_;
      if (y_ + height > kPageHeight - kBottom) NewPage();
      const double baseline =
          static_cast<double>(pango_layout_iter_get_baseline(iter) - logical.y) / PANGO_SCALE;
      if (!counting_) {
        cairo_move_to(cr_, kLeft, y_ + baseline);
        pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(iter));
      }
      y_ += height;
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
    g_object_unref(layout);
    y_ += space_after;
  }

  void NewPage() {
    Footer();
    if (!counting_) cairo_show_page(cr_);
    ++page_;
    y_ = kTop;
  }
  // "Page 1 of 2", smaller than the text except in large print and easy read.
  void Footer() {
    Block(fmt::format(fmt::runtime(page_format_), page_, pages_), kLeft,
          kPageHeight - kBottom + 4 * kMm, kTextWidth, size_ > 12 ? 1.0 : 0.75);
  }
  double y() const { return y_; }
  void set_y(double y) { y_ = y; }
  double size() const { return size_; }

 private:
  PangoLayout* Layout(const std::string& markup, double width, double scale) {
    PangoFontDescription* font = pango_font_description_copy(font_);
    pango_font_description_set_absolute_size(font, size_ * scale * PANGO_SCALE);
    PangoLayout* layout = pdf::WrappedLayout(cr_, font, markup, width);
    pango_font_description_free(font);
    return layout;
  }

  cairo_t* cr_;
  double size_;
  PangoFontDescription* font_;
  double y_ = kTop;
  double line_spacing_ = 1.0;
  bool counting_ = false;
  int page_ = 1;
  int pages_ = 1;
  std::string page_format_ = "Page {} of {}";
};

// Draws one letter; `counting`: only counts its pages. Returns the pages it takes.
int Draw(Writer& w, cairo_t* cr, const Letter& letter, LetterFormat format, bool counting,
         int pages) {
  const Wording& words = WordingFor(letter.lang);
  const bool easy = format == LetterFormat::kEasyRead;
  const bool standard = format == LetterFormat::kStandard;
  w.StartLetter(standard ? 12 : 16, easy ? 1.35 : 1.0, counting, pages, words.page);
  const double line = w.size() * 1.3;
  const double header = standard ? 0.85 : 1.0;  // large print is large throughout
  // Sender, top right: the force, the unit, the force's address and phone number.
  std::vector<std::string> sender = letter.sender;
  if (!letter.force_phone.empty())
    sender.push_back(fmt::format("{}: {}", words.phone, letter.force_phone));
  const double sender_x = standard ? 115 * kMm : 112 * kMm;
  const double sender_height = w.Block(Join(sender, "\n", core::EscapeMarkup), sender_x, kTop,
                                       kPageWidth - sender_x - kRight, header);
  // The address window of a DL envelope, beside the sender's column however long it runs.
  const double recipient_height =
      w.Block(Join(letter.recipient, "\n", core::EscapeMarkup), kLeft, 45 * kMm, 90 * kMm);
  w.set_y(std::max({95 * kMm, 45 * kMm + recipient_height + line, kTop + sender_height + line}));
  w.Flow(core::EscapeMarkup(letter.date), 0);
  w.Flow(fmt::format("{}: {}", words.reference, core::EscapeMarkup(letter.reference)), line);
  w.Flow(core::EscapeMarkup(letter.salutation), line * 0.6);
  w.Flow("<b>" + letter.subject + "</b>", line * 0.6);
  for (const auto& p : letter.paragraphs) w.Flow(p, line * (easy ? 0.8 : 0.6));
  w.Flow(core::EscapeMarkup(words.yours), line * (easy ? 0.6 : 1.5));
  w.Flow("<b>" + core::EscapeMarkup(letter.officer_name) + "</b>", 0);
  if (!letter.officer_phone.empty())
    w.Flow(fmt::format("{}: {}", words.phone, core::EscapeMarkup(letter.officer_phone)), 0);
  if (!letter.officer_email.empty())
    w.Flow(fmt::format("{}: {}", words.email, core::EscapeMarkup(letter.officer_email)), 0);
  if (!letter.next_shifts.empty()) {
    w.Flow(fmt::format("{}: {}.", words.shifts, Join(letter.next_shifts, "; ", core::EscapeMarkup)),
           0);
  }
  const std::string force_phone = letter.force_phone.empty() ? "101" : letter.force_phone;
  w.set_y(w.y() + line * 0.6);
  // A team (the unit) answers its own phone: no "while I am away".
  if (!letter.from_team && !letter.away_name.empty() && !letter.away_phone.empty()) {
    w.Flow(core::EscapeMarkup(
               fmt::format(fmt::runtime(words.away_with_name), fmt::arg("name", letter.away_name),
                           fmt::arg("phone", letter.away_phone), fmt::arg("force", force_phone))),
           line * 0.6);
  } else if (!letter.from_team) {
    w.Flow(
        core::EscapeMarkup(fmt::format(fmt::runtime(words.away), fmt::arg("force", force_phone))),
        line * 0.6);
  }
  w.Flow(core::EscapeMarkup(words.formats), 0);
  w.Footer();
  if (!counting) cairo_show_page(cr);
  return w.page();
}

}  // namespace

namespace {

// Draws the letters on `surface` (a PDF surface) and finishes it; `what` names the output in
// errors.
core::Status DrawLetters(cairo_surface_t* surface, const std::vector<Letter>& letters,
                         const PdfOptions& options, const std::string& what) {
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    return core::InvalidArgument(fmt::format("{}: cannot write a PDF there", what));
  }
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
                                 Plain(letters.front().subject).c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Citizen Focus");
  cairo_t* cr = cairo_create(surface);
  {
    Writer writer(cr, 12);
    for (const auto& letter : letters) {
      const LetterFormat format = options.large_print && letter.format == LetterFormat::kStandard
                                      ? LetterFormat::kLargePrint
                                      : letter.format;
      // Laid out twice with the same fonts: once to count the pages, once to number them.
      const int pages = Draw(writer, cr, letter, format, true, 1);
      Draw(writer, cr, letter, format, false, pages);
    }
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    return core::InvalidArgument(fmt::format("{}: {}", what, cairo_status_to_string(status)));
  }
  return {};
}

cairo_status_t AppendTo(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

const char* FormatName(LetterFormat format) {
  switch (format) {
    case LetterFormat::kLargePrint:
      return "large_print";
    case LetterFormat::kEasyRead:
      return "easy_read";
    case LetterFormat::kStandard:
      break;
  }
  return "standard";
}

std::optional<LetterFormat> ParseFormat(std::string_view name) {
  if (name == "standard") return LetterFormat::kStandard;
  if (name == "large_print") return LetterFormat::kLargePrint;
  if (name == "easy_read") return LetterFormat::kEasyRead;
  return std::nullopt;
}

core::Status WriteLettersPdf(const std::vector<Letter>& letters, const std::string& path,
                             const PdfOptions& options) {
  // Made in memory, then written with every step checked: cairo's own file output does not
  // report a full disk.
  const auto pdf = LettersPdf(letters, options);
  if (!pdf) return pdf.error();
  return core::WriteFileAtomically(path, *pdf);
}

core::Result<std::string> LettersPdf(const std::vector<Letter>& letters,
                                     const PdfOptions& options) {
  if (letters.empty()) return core::InvalidArgument("no letters to write");
  std::string pdf;
  const auto drawn =
      DrawLetters(cairo_pdf_surface_create_for_stream(AppendTo, &pdf, kPageWidth, kPageHeight),
                  letters, options, "PDF");
  if (!drawn) return drawn.error();
  return pdf;
}

}  // namespace cf::notify
