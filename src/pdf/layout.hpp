#pragma once
// Text for PDF pages (letters, self-assessment reports): Pango markup laid out in a font,
// wrapped at a width. Header-only: both users already link pangocairo.

#include <pango/pangocairo.h>

#include <string>

namespace cf::pdf {

// The caller unrefs the layout (g_object_unref).
inline PangoLayout* WrappedLayout(cairo_t* cr, const PangoFontDescription* font,
                                  const std::string& markup, double width) {
  PangoLayout* layout = pango_cairo_create_layout(cr);
  pango_layout_set_font_description(layout, font);
  pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_markup(layout, markup.c_str(), -1);
  return layout;
}

}  // namespace cf::pdf
