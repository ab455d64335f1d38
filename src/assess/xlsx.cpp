// XLSX: written with libxlsxwriter (Debian's), read with minizip and expat (ADR 0005:
// libxlsxwriter cannot read, and no reader is packaged for Debian 12).
#include <expat.h>
#include <fmt/format.h>
#include <unzip.h>
#include <xlsxwriter.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>

#include "assess/report.hpp"
#include "assess/spider.hpp"
#include "core/file_io.hpp"
#include "sheets/workbook.hpp"

namespace cf::assess {
namespace {

// ----- writing -----

class Book {
 public:
  explicit Book(const std::string& path) : wb_(workbook_new(path.c_str())) {
    if (wb_ == nullptr) return;
    bold_ = workbook_add_format(wb_);
    format_set_bold(bold_);
    wrap_ = workbook_add_format(wb_);
    format_set_text_wrap(wrap_);
    format_set_align(wrap_, LXW_ALIGN_VERTICAL_TOP);
    heading_ = workbook_add_format(wb_);
    format_set_bold(heading_);
    format_set_font_size(heading_, 16);
    number_ = workbook_add_format(wb_);
    format_set_num_format(number_, "0.0");
    format_set_align(number_, LXW_ALIGN_VERTICAL_TOP);
  }
  ~Book() {
    if (wb_ != nullptr && !closed_) workbook_close(wb_);
  }
  bool ok() const { return wb_ != nullptr; }
  lxw_workbook* wb() { return wb_; }
  lxw_format *bold_ = nullptr, *wrap_ = nullptr, *heading_ = nullptr, *number_ = nullptr;
  lxw_error Close() {
    closed_ = true;
    return workbook_close(wb_);
  }

 private:
  lxw_workbook* wb_;
  bool closed_ = false;
};

void Text(lxw_worksheet* ws, int row, int col, const std::string& s, lxw_format* f = nullptr) {
  worksheet_write_string(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), s.c_str(),
                         f);
}

void Header(lxw_worksheet* ws, const std::vector<std::string>& names, lxw_format* bold) {
  for (size_t i = 0; i < names.size(); ++i) Text(ws, 0, static_cast<int>(i), names[i], bold);
  worksheet_freeze_panes(ws, 1, 0);
}

lxw_chart* Radar(Book& book, const std::string& title, const std::string& categories,
                 const std::vector<std::pair<std::string, std::string>>& series) {
  lxw_chart* chart = workbook_add_chart(book.wb(), LXW_CHART_RADAR);
  for (const auto& [name, values] : series) {
    lxw_chart_series* s = chart_add_series(chart, categories.c_str(), values.c_str());
    chart_series_set_name(s, name.c_str());
    lxw_chart_marker_type marker = LXW_CHART_MARKER_CIRCLE;
    chart_series_set_marker_type(s, marker);
  }
  chart_title_set_name(chart, title.c_str());
  chart_axis_set_min(chart->y_axis, 0);
  chart_axis_set_max(chart->y_axis, kMaxScore);
  chart_axis_set_major_unit(chart->y_axis, 1);
  chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
  return chart;
}

}  // namespace

namespace {

// The workbook at `path` as libxlsxwriter writes it (to a file of its choosing).
core::Status WriteXlsxFile(const Report& r, const std::string& path) {
  const Framework& f = *r.framework;
  const Assessment& a = r.assessment;
  Book book(path);
  if (!book.ok())
    return core::InvalidArgument(fmt::format("{}: cannot write a workbook there", path));

  // Scores: the table `assess import` reads back; scores limited to 0-4 for whoever edits it.
  lxw_worksheet* scores = workbook_add_worksheet(book.wb(), "Scores");
  std::vector<std::string> columns(std::begin(kScoreColumns), std::end(kScoreColumns));
  if (r.compare) columns.push_back("previous_score");
  Header(scores, columns, book.bold_);
  int row = 1;
  std::map<int, std::pair<int, int>> component_rows;  // component -> first, last row
  for (const auto& c : f.components) {
    component_rows[c.number].first = row;
    for (const auto& i : c.indicators) {
      Text(scores, row, 0, a.scope);
      Text(scores, row, 1, a.assessed_on);
      Text(scores, row, 2, a.assessor);
      worksheet_write_number(scores, static_cast<lxw_row_t>(row), 3, c.number, nullptr);
      Text(scores, row, 4, i.id);
      Text(scores, row, 5, i.title, book.wrap_);
      const auto it = a.scores.find(i.id);
      if (it != a.scores.end()) {
        if (it->second.score)
          worksheet_write_number(scores, static_cast<lxw_row_t>(row), 6, *it->second.score,
                                 nullptr);
        Text(scores, row, 7, it->second.note, book.wrap_);
        std::string links;
        for (const auto& l : it->second.evidence) {
          if (!links.empty()) links += " | ";
          links += l;
        }
        Text(scores, row, 8, links, book.wrap_);
      }
      if (r.compare) {
        const auto was = r.compare->scores.find(i.id);
        if (was != r.compare->scores.end() && was->second.score) {
          worksheet_write_number(scores, static_cast<lxw_row_t>(row), 9, *was->second.score,
                                 nullptr);
        }
      }
      ++row;
    }
    component_rows[c.number].second = row - 1;
  }
  worksheet_set_column(scores, 0, 4, 12, nullptr);
  worksheet_set_column(scores, 5, 5, 50, nullptr);
  worksheet_set_column(scores, 7, 8, 40, nullptr);
  lxw_data_validation dv{};
  dv.validate = LXW_VALIDATION_TYPE_INTEGER;
  dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
  dv.minimum_number = 0;
  dv.maximum_number = kMaxScore;
  dv.input_title = const_cast<char*>("Score 0 to 4");
  dv.input_message =
      const_cast<char*>("0 not in place ... 4 fully delivered; leave empty if not scored");
  worksheet_data_validation_range(scores, 1, 6, static_cast<lxw_row_t>(row - 1), 6, &dv);

  // Summary: the component averages and the hexagon as a native radar chart.
  lxw_worksheet* summary = workbook_add_worksheet(book.wb(), "Summary");
  Header(summary,
         {"Component", "Average", "Scored", "Indicators", "Guide pages",
          r.compare ? "Previous average" : ""},
         book.bold_);
  const auto now = Summarise(f, a);
  std::vector<ComponentSummary> before;
  if (r.compare) before = Summarise(f, *r.compare);
  for (size_t i = 0; i < now.size(); ++i) {
    const auto rr = static_cast<lxw_row_t>(i + 1);
    Text(summary, static_cast<int>(i + 1), 0,
         fmt::format("{}. {}", now[i].component->number, now[i].component->name));
    if (now[i].average)
      worksheet_write_number(summary, rr, 1, std::round(*now[i].average * 100) / 100, book.number_);
    else
      Text(summary, static_cast<int>(i + 1), 1, "");
    worksheet_write_number(summary, rr, 2, static_cast<double>(now[i].scored), nullptr);
    worksheet_write_number(summary, rr, 3, static_cast<double>(now[i].total), nullptr);
    Text(summary, static_cast<int>(i + 1), 4, now[i].component->guide_pages);
    if (r.compare && before[i].average)
      worksheet_write_number(summary, rr, 5, *before[i].average, book.number_);
  }
  worksheet_set_column(summary, 0, 0, 48, nullptr);
  worksheet_set_column(summary, 1, 5, 14, nullptr);
  std::vector<std::pair<std::string, std::string>> series = {{SeriesName(a), "=Summary!$B$2:$B$7"}};
  if (r.compare) series.push_back({SeriesName(*r.compare) + " (compared)", "=Summary!$F$2:$F$7"});
  worksheet_insert_chart(summary, 8, 0,
                         Radar(book, "Component averages", "=Summary!$A$2:$A$7", series));
  // One radar per component, over its indicators' scores, as the Excel tool had.
  int chart_row = 8;
  for (const auto& c : f.components) {
    const auto [first, last] = component_rows[c.number];
    std::vector<std::pair<std::string, std::string>> s = {
        {SeriesName(a), fmt::format("=Scores!$G${}:$G${}", first + 1, last + 1)}};
    if (r.compare)
      s.push_back({SeriesName(*r.compare) + " (compared)",
                   fmt::format("=Scores!$J${}:$J${}", first + 1, last + 1)});
    worksheet_insert_chart(summary, static_cast<lxw_row_t>(chart_row), 4,
                           Radar(book, fmt::format("{}. {}", c.number, c.name),
                                 fmt::format("=Scores!$E${}:$E${}", first + 1, last + 1), s));
    chart_row += 16;
  }

  // Guidance: the weakest components first, the guide's pages and each indicator's next level.
  lxw_worksheet* guidance = workbook_add_worksheet(book.wb(), "Guidance");
  Header(guidance, {"Component", "Average", "Read the guide", "Indicator", "Score", "Next step"},
         book.bold_);
  row = 1;
  for (const auto& g : Guidance(f, a)) {
    for (const auto& s : g.next_steps) {
      Text(guidance, row, 0, fmt::format("{}. {}", g.component->number, g.component->name),
           book.wrap_);
      Text(guidance, row, 1, FormatAverage(g.average));
      Text(guidance, row, 2, fmt::format("Pages {}", g.component->guide_pages));
      Text(guidance, row, 3, fmt::format("{} {}", s.indicator->id, s.indicator->title), book.wrap_);
      Text(guidance, row, 4, s.score ? std::to_string(*s.score) : "Not scored");
      Text(guidance, row, 5, s.next_level, book.wrap_);
      ++row;
    }
  }
  worksheet_set_column(guidance, 0, 0, 30, nullptr);
  worksheet_set_column(guidance, 3, 3, 40, nullptr);
  worksheet_set_column(guidance, 5, 5, 70, nullptr);

  lxw_worksheet* actions = workbook_add_worksheet(book.wb(), "Actions");
  Header(actions, {"Indicator", "Action", "Owner", "Due", "Status"}, book.bold_);
  row = 1;
  for (const auto& p : r.actions) {
    Text(actions, row, 0, p.indicator);
    Text(actions, row, 1, p.action, book.wrap_);
    Text(actions, row, 2, p.owner);
    Text(actions, row, 3, p.due);
    Text(actions, row, 4, ActionStatusText(p.status));
    ++row;
  }
  worksheet_set_column(actions, 1, 1, 60, nullptr);
  worksheet_set_column(actions, 2, 4, 16, nullptr);

  if (!r.evidence.empty()) {
    lxw_worksheet* live = workbook_add_worksheet(book.wb(), "Live evidence");
    Header(live, {"Indicator", "Measure", "Value", "How it is worked out"}, book.bold_);
    row = 1;
    for (const auto& e : r.evidence) {
      Text(live, row, 0, e.indicator);
      Text(live, row, 1, e.measure, book.wrap_);
      Text(live, row, 2, e.value, book.wrap_);
      Text(live, row, 3, e.detail, book.wrap_);
      ++row;
    }
    worksheet_set_column(live, 1, 3, 45, nullptr);
  }

  lxw_worksheet* about = workbook_add_worksheet(book.wb(), "About");
  Text(about, 0, 0, f.title, book.heading_);
  Text(about, 2, 0,
       fmt::format("Scope: {}. Assessed on {} by {}.", a.scope, a.assessed_on, a.assessor));
  if (!a.notes.empty()) Text(about, 3, 0, a.notes, book.wrap_);
  for (int s = 0; s <= kMaxScore; ++s) Text(about, 5 + s, 0, fmt::format("{} = {}", s, f.scale[s]));
  Text(about, 11, 0,
       "Averages are over the indicators scored; a component with none scored has no average.");
  Text(about, 13, 0, f.attribution, book.wrap_);
  worksheet_set_column(about, 0, 0, 110, nullptr);

  const lxw_error closed = book.Close();
  if (closed != LXW_NO_ERROR)
    return core::InvalidArgument(fmt::format("{}: {}", path, lxw_strerror(closed)));
  return {};
}

}  // namespace

core::Status WriteXlsx(const Report& r, const std::string& path) {
  const auto bytes = sheets::WrittenWorkbook(
      [&](const std::string& scratch) { return WriteXlsxFile(r, scratch); });
  if (!bytes) return core::InvalidArgument(fmt::format("{}: {}", path, bytes.error().message));
  return core::WriteFileAtomically(path, *bytes);
}

// ----- reading -----

namespace {

class Zip {
 public:
  explicit Zip(const std::string& path) : zip_(unzOpen64(path.c_str())) {}
  ~Zip() {
    if (zip_ != nullptr) unzClose(zip_);
  }
  bool ok() const { return zip_ != nullptr; }
  std::optional<std::string> Read(const std::string& name) {
    if (unzLocateFile(zip_, name.c_str(), 0) != UNZ_OK || unzOpenCurrentFile(zip_) != UNZ_OK)
      return std::nullopt;
    std::string out;
    char buf[65536];
    int n;
    while ((n = unzReadCurrentFile(zip_, buf, sizeof buf)) > 0) {
      out.append(buf, static_cast<size_t>(n));
      if (out.size() > 64u << 20) break;  // refuse a zip bomb
    }
    unzCloseCurrentFile(zip_);
    if (n < 0 || out.size() > 64u << 20) return std::nullopt;
    return out;
  }

 private:
  unzFile zip_;
};

// A small SAX walk over one XML document with expat.
class Xml {
 public:
  using Start =
      std::function<void(const std::string& name, const std::map<std::string, std::string>& attrs)>;
  using End = std::function<void(const std::string& name)>;
  using Chars = std::function<void(std::string_view text)>;
  // False when the text is not well-formed or a handler threw: an exception never unwinds
  // through expat's C frames (the parser would leak); it stops the parse, and its message is
  // put in `why` when given.
  static bool Parse(const std::string& text, Start start, End end, Chars chars,
                    std::string* why = nullptr) {
    Xml x{std::move(start), std::move(end), std::move(chars)};
    XML_Parser p = XML_ParserCreate("UTF-8");
    x.parser_ = p;
    XML_SetUserData(p, &x);
    XML_SetElementHandler(
        p,
        [](void* d, const XML_Char* name, const XML_Char** atts) {
          auto* self = static_cast<Xml*>(d);
          self->Guard([&] {
            std::map<std::string, std::string> attrs;
            for (size_t i = 0; atts[i] != nullptr; i += 2) attrs[Local(atts[i])] = atts[i + 1];
            self->start_(Local(name), attrs);
          });
        },
        [](void* d, const XML_Char* name) {
          auto* self = static_cast<Xml*>(d);
          self->Guard([&] { self->end_(Local(name)); });
        });
    XML_SetCharacterDataHandler(p, [](void* d, const XML_Char* s, int len) {
      auto* self = static_cast<Xml*>(d);
      self->Guard([&] { self->chars_(std::string_view(s, static_cast<size_t>(len))); });
    });
    const bool ok =
        XML_Parse(p, text.data(), static_cast<int>(text.size()), XML_TRUE) == XML_STATUS_OK &&
        x.error_.empty();
    XML_ParserFree(p);
    if (why != nullptr) *why = x.error_;
    return ok;
  }

 private:
  Xml(Start s, End e, Chars c) : start_(std::move(s)), end_(std::move(e)), chars_(std::move(c)) {}
  template <typename F>
  void Guard(F&& handler) {
    if (!error_.empty()) return;
    try {
      handler();
    } catch (const std::exception& e) {
      error_ = e.what();
      XML_StopParser(parser_, XML_FALSE);
    }
  }
  XML_Parser parser_ = nullptr;
  std::string error_;
  // "x:sheet" -> "sheet"; "r:id" stays as "id" (attributes are few and unambiguous here).
  static std::string Local(const char* name) {
    const std::string n(name);
    const size_t colon = n.rfind(':');
    return colon == std::string::npos ? n : n.substr(colon + 1);
  }
  Start start_;
  End end_;
  Chars chars_;
};

// "C12" -> column index 2.
// A sheet's bounds (a scores sheet has a handful of columns and a row an indicator; a survey's
// results a few dozen columns and a row a response): a cell beyond them is refused, so that a
// hostile workbook cannot make rows of millions of cells.
constexpr size_t kMaxColumns = 256;  // IV

// Thrown inside a handler of the sheet's XML; Xml::Parse stops and reports it.
struct BadCell : std::runtime_error {
  using std::runtime_error::runtime_error;
};

size_t ColumnOf(const std::string& ref) {
  size_t col = 0;
  for (const char c : ref) {
    if (c < 'A' || c > 'Z') break;
    col = col * 26 + static_cast<size_t>(c - 'A' + 1);
    if (col > kMaxColumns) throw BadCell(fmt::format("cell {} is beyond column IV", ref));
  }
  return col == 0 ? 0 : col - 1;
}

size_t RowOf(const std::string& ref, size_t max_rows) {
  const size_t at = ref.find_first_of("0123456789");
  if (at == std::string::npos) return 0;
  size_t row = 0;
  const char* end = ref.data() + ref.size();
  const auto [rest, error] = std::from_chars(ref.data() + at, end, row);
  if (error != std::errc() || rest != end || row > max_rows)
    throw BadCell(
        fmt::format("cell {} is beyond the rows a sheet may have (1 to {})", ref, max_rows));
  return row;
}

}  // namespace

core::Result<Table> ReadXlsx(const std::string& path, size_t max_rows) {
  Zip zip(path);
  if (!zip.ok())
    return core::InvalidArgument(
        fmt::format("{}: not an .xlsx workbook (cannot open it as a zip file)", path));
  const auto workbook = zip.Read("xl/workbook.xml");
  const auto rels = zip.Read("xl/_rels/workbook.xml.rels");
  if (!workbook || !rels)
    return core::InvalidArgument(
        fmt::format("{}: not an .xlsx workbook (no xl/workbook.xml)", path));
  // The "Scores" sheet, or the first.
  std::string rel_id, first_rel;
  Xml::Parse(
      *workbook,
      [&](const std::string& name, const auto& a) {
        if (name != "sheet") return;
        const auto id = a.find("id");
        if (id == a.end()) return;
        if (first_rel.empty()) first_rel = id->second;
        if (a.count("name") && a.at("name") == "Scores") rel_id = id->second;
      },
      [](const std::string&) {}, [](std::string_view) {});
  if (rel_id.empty()) rel_id = first_rel;
  std::string target;
  Xml::Parse(
      *rels,
      [&](const std::string& name, const auto& a) {
        if (name == "Relationship" && a.count("Id") && a.at("Id") == rel_id && a.count("Target"))
          target = a.at("Target");
      },
      [](const std::string&) {}, [](std::string_view) {});
  if (target.empty())
    return core::InvalidArgument(fmt::format("{}: the workbook has no worksheet", path));
  if (target.rfind("/xl/", 0) == 0)
    target = target.substr(1);
  else if (target.rfind("xl/", 0) != 0)
    target = "xl/" + target;
  const auto sheet = zip.Read(target);
  if (!sheet) return core::InvalidArgument(fmt::format("{}: cannot read {}", path, target));

  std::vector<std::string> shared;
  if (const auto strings = zip.Read("xl/sharedStrings.xml")) {
    bool in_t = false;
    Xml::Parse(
        *strings,
        [&](const std::string& name, const auto&) {
          if (name == "si") shared.emplace_back();
          if (name == "t") in_t = true;
        },
        [&](const std::string& name) {
          if (name == "t") in_t = false;
        },
        [&](std::string_view s) {
          if (in_t && !shared.empty()) shared.back().append(s);
        });
  }
  Table table;
  std::map<size_t, std::vector<std::string>> rows;  // by spreadsheet row
  std::string ref, type, value, why;
  bool in_value = false;
  const bool parsed = Xml::Parse(
      *sheet,
      [&](const std::string& name, const auto& a) {
        if (name == "c") {
          ref = a.count("r") ? a.at("r") : "";
          type = a.count("t") ? a.at("t") : "n";
          value.clear();
        } else if (name == "v" || name == "t") {
          in_value = true;
        }
      },
      [&](const std::string& name) {
        if (name == "v" || name == "t") in_value = false;
        if (name != "c" || ref.empty()) return;
        std::string text = value;
        if (type == "s") {
          size_t i = shared.size();
          if (!value.empty()) {
            const auto [rest, error] =
                std::from_chars(value.data(), value.data() + value.size(), i);
            if (error != std::errc() || rest != value.data() + value.size())
              throw BadCell(
                  fmt::format("cell {}: \"{}\" is not a shared text's number", ref, value));
          }
          text = i < shared.size() ? shared[i] : "";
        } else if (type == "b") {
          text = value == "1" ? "TRUE" : "FALSE";
        } else if (type == "n" && !value.empty()) {
          double d = 0;
          const auto [rest, error] = std::from_chars(value.data(), value.data() + value.size(), d);
          if (error != std::errc() || rest != value.data() + value.size())
            throw BadCell(fmt::format("cell {}: \"{}\" is not a number", ref, value));
          if (d == std::floor(d) && std::abs(d) < 1e15)
            text = fmt::format("{}", static_cast<long long>(d));
        }
        auto& row = rows[RowOf(ref, max_rows)];
        const size_t col = ColumnOf(ref);
        if (row.size() <= col) row.resize(col + 1);
        row[col] = text;
      },
      [&](std::string_view s) {
        if (in_value) value.append(s);
      },
      &why);
  if (!parsed) {
    return core::InvalidArgument(why.empty()
                                     ? fmt::format("{}: {} is not well-formed XML", path, target)
                                     : fmt::format("{}: {}", path, why));
  }
  for (auto& [n, row] : rows) {
    table.rows.push_back(std::move(row));
    table.lines.push_back(n);
  }
  return table;
}

}  // namespace cf::assess
