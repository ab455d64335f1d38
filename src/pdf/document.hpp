#pragma once
// An A4 document of flowing text and ruled table rows with a footer and page numbers on each
// page (Cairo and Pango): the self-assessment report and the measures' monthly report.
// Header-only, as layout.hpp: its users link pangocairo.

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/format.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "core/escape.hpp"
#include "pdf/layout.hpp"

namespace cf::pdf {

inline constexpr double kMm = 72.0 / 25.4;
inline constexpr double kWidth = 210 * kMm, kHeight = 297 * kMm, kMargin = 18 * kMm;

class Document {
 public:
  Document(cairo_t* cr, std::string footer) : cr_(cr), footer_(std::move(footer)) {}

  // Writes markup at the cursor, `width` wide (0: the text width), from x; returns its height.
  double Text(const std::string& markup, double size, double x = kMargin, double width = 0,
              bool move = true) {
    PangoLayout* layout = Layout(markup, size, width > 0 ? width : kWidth - 2 * kMargin);
    const double height = Height(layout);
    if (move && y_ + height > kHeight - kMargin - 14) NewPage();
    cairo_set_source_rgb(cr_, 0.04, 0.05, 0.05);
    cairo_move_to(cr_, x, y_);
    pango_cairo_show_layout(cr_, layout);
    g_object_unref(layout);
    if (move) y_ += height;
    return height;
  }
  void Gap(double mm) { y_ += mm * kMm; }
  void Need(double points) {
    if (y_ + points > kHeight - kMargin - 14) NewPage();
  }
  void NewPage() {
    Footer();
    cairo_show_page(cr_);
    ++page_;
    y_ = kMargin;
  }
  void Finish() {
    Footer();
    cairo_show_page(cr_);
  }
  // A table row of cells with widths (points); returns the row height. Bold for a header.
  void Row(const std::vector<std::string>& cells, const std::vector<double>& widths,
           bool header = false) {
    double h = 0;
    std::vector<std::string> markup;
    markup.reserve(cells.size());
    for (const auto& c : cells)
      markup.push_back(header ? "<b>" + core::EscapeMarkup(c) + "</b>" : core::EscapeMarkup(c));
    for (size_t i = 0; i < cells.size(); ++i) h = std::max(h, Measure(markup[i], 9, widths[i] - 4));
    Need(h + 4);
    double x = kMargin;
    for (size_t i = 0; i < cells.size(); ++i) {
      const double saved = y_;
      y_ += 2;
      Text(markup[i], 9, x + 2, widths[i] - 4, false);
      y_ = saved;
      x += widths[i];
    }
    y_ += h + 4;
    cairo_set_source_rgb(cr_, 0.69, 0.71, 0.72);
    cairo_set_line_width(cr_, 0.5);
    cairo_move_to(cr_, kMargin, y_);
    cairo_line_to(cr_, x, y_);
    cairo_stroke(cr_);
  }
  double y() const { return y_; }
  void set_y(double y) { y_ = y; }
  cairo_t* cr() { return cr_; }

 private:
  // Markup laid out in DejaVu Sans at `size` points, wrapped at `width` (the caller unrefs it).
  PangoLayout* Layout(const std::string& markup, double size, double width) {
    PangoFontDescription* font =
        pango_font_description_from_string(fmt::format("DejaVu Sans {}", size).c_str());
    PangoLayout* layout = WrappedLayout(cr_, font, markup, width);
    pango_font_description_free(font);
    return layout;
  }
  static double Height(PangoLayout* layout) {
    int w = 0, h = 0;
    pango_layout_get_size(layout, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }
  double Measure(const std::string& markup, double size, double width) {
    PangoLayout* layout = Layout(markup, size, width);
    const double height = Height(layout);
    g_object_unref(layout);
    return height;
  }
  void Footer() {
    const double saved = y_;
    y_ = kHeight - kMargin;
    Text(fmt::format("<span foreground=\"#505a5f\">{}  Page {}</span>", core::EscapeMarkup(footer_),
                     page_),
         7, kMargin, 0, false);
    y_ = saved;
  }
  cairo_t* cr_;
  std::string footer_;
  double y_ = kMargin;
  int page_ = 1;
};

// A PDF of A4 pages made in memory: `draw` writes to the document, whose last page is finished
// here. nullopt when cairo cannot make it (its own file output would not report a full disk, so
// callers write the bytes themselves and check).
template <class Draw>
std::optional<std::string> RenderPdf(const std::string& title, const std::string& footer,
                                     Draw&& draw) {
  std::string bytes;
  auto append = [](void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  };
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &bytes, kWidth, kHeight);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    return std::nullopt;
  }
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Citizen Focus");
  cairo_t* cr = cairo_create(surface);
  {
    Document document(cr, footer);
    draw(document);
    document.Finish();
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const bool ok = cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS;
  cairo_surface_destroy(surface);
  if (!ok) return std::nullopt;
  return bytes;
}

}  // namespace cf::pdf
