// Admin and rota pages over real HTTP: staff accounts and units (admins only), shifts and
// leave (a unit's supervisor, or an admin), the audit log, and the shifts staff then see.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <set>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "storage/case_store.hpp"
#include "support/http_fixture.hpp"

namespace cf {
namespace {

bool Has(const Response& r, const std::string& text) {
  return r.body.find(text) != std::string::npos;
}

// The id in the first "/rota/<kind>/<id>/delete" form of a page.
std::string FirstDeleteId(const std::string& html, const std::string& kind) {
  const std::string key = "/rota/" + kind + "/";
  const auto at = html.find(key);
  if (at == std::string::npos) return "";
  const auto start = at + key.size();
  return html.substr(start, html.find('/', start) - start);
}

TEST_F(HttpApi, AdminsManageUnitsAndStaffAccounts) {
  const PageSession supervisor(*server_, "supervisor_n");
  EXPECT_EQ(supervisor.Get("/admin/users").status, 403);
  EXPECT_EQ(supervisor.Post("/admin/units", "id=X1&name=Sneaky").status, 403);
  const PageSession admin(*server_, "admin");
  ASSERT_TRUE(admin.signed_in());
  ASSERT_EQ(admin.Post("/admin/units", "id=N1&name=North+response+1&bcu=North").status, 303);
  EXPECT_EQ(admin.Post("/admin/units", "id=N1&name=Again").status, 422) << "unit codes are unique";
  EXPECT_TRUE(Has(admin.Get("/admin/units"), "North response 1"));

  const std::string good =
      "name=pc555&role=officer&unit=N1&officer=PC555&password=correct+horse+battery";
  const auto short_password =
      admin.Post("/admin/users", "name=pc555&role=officer&unit=N1&officer=PC555&password=short");
  EXPECT_EQ(short_password.status, 422);
  EXPECT_TRUE(Has(short_password, "First password: use at least 12 characters"));
  EXPECT_TRUE(Has(short_password, "value=\"PC555\""))
      << "what was typed is kept (but never the password)";
  const auto no_unit =
      admin.Post("/admin/users",
                 "name=pc555&role=officer&unit=ZZ&officer=PC555&password=correct+horse+battery");
  EXPECT_EQ(no_unit.status, 422);
  EXPECT_TRUE(Has(no_unit, "Unit: choose one of the units"));
  ASSERT_EQ(admin.Post("/admin/users", good).status, 303);
  EXPECT_EQ(admin.Post("/admin/users", good).status, 422) << "names are unique";
  EXPECT_FALSE(SignIn(*server_, "pc555", "correct+horse+battery").empty());

  // Disabling the account stops its sign-in; an admin cannot lock themselves out.
  ASSERT_EQ(
      admin.Post("/admin/users/pc555", "role=officer&unit=N1&officer=PC555&disabled=yes").status,
      303);
  EXPECT_TRUE(SignIn(*server_, "pc555", "correct+horse+battery").empty());
  const auto self = admin.Post("/admin/users/admin", "role=officer&unit=N1&officer=ADM");
  EXPECT_EQ(self.status, 422);
  EXPECT_TRUE(Has(self, "cannot take away your own admin access"));
  const auto log = cf::testing::OpenTestAccounts(db_)->AuditLog("admin", "", 20);
  bool added = false, changed = false;
  for (const auto& e : log) {
    added |= e.action == "added_user" && e.detail == "pc555 (officer, unit N1)";
    changed |= e.action == "changed_user" && e.detail.find("disabled") != std::string::npos;
    EXPECT_EQ(e.detail.find("horse"), std::string::npos) << "no password in the audit log";
  }
  EXPECT_TRUE(added);
  EXPECT_TRUE(changed);
}

// Issue 12, class 8: a password an admin sets is hashed (Argon2id, a tenth of a second) off the
// server's thread, as sign-in checks are: a request sent while new accounts' passwords are
// being hashed is answered before any of them, and each account is then added.
TEST_F(HttpApi, SessionsAndTokensPasswordsAreSetOffTheServersThread) {
  using Clock = std::chrono::steady_clock;
  const PageSession admin(*server_, "admin");
  ASSERT_TRUE(admin.signed_in());
  ASSERT_EQ(admin.Post("/admin/units", "id=N1&name=North+response+1&bcu=North").status, 303);
  std::vector<Clock::time_point> added(4);
  std::vector<long> status(added.size());
  std::vector<std::thread> posts;
  for (size_t i = 0; i < added.size(); ++i) {
    posts.emplace_back([&, i] {
      status[i] = admin
                      .Post("/admin/users", fmt::format("name=pc90{}&role=officer&unit=N1&officer="
                                                        "PC90{}&password=correct+horse+battery",
                                                        i, i))
                      .status;
      added[i] = Clock::now();
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  const auto health = server_->Get("/healthz", "");
  const auto answered = Clock::now();
  for (auto& t : posts) t.join();
  EXPECT_EQ(health.status, 200);
  EXPECT_LT(answered, *std::min_element(added.begin(), added.end()))
      << "the health check waited for a password to be hashed";
  for (size_t i = 0; i < added.size(); ++i) {
    EXPECT_EQ(status[i], 303) << i;
    EXPECT_FALSE(SignIn(*server_, fmt::format("pc90{}", i), "correct+horse+battery").empty()) << i;
  }
  // A new password for an account that then fails validation stores nothing.
  const auto bad_unit = admin.Post(
      "/admin/users/pc900", "role=officer&unit=ZZ&officer=PC900&password=another+long+password");
  EXPECT_EQ(bad_unit.status, 422);
  EXPECT_FALSE(SignIn(*server_, "pc900", "correct+horse+battery").empty()) << "old one still works";
}

TEST_F(HttpApi, SupervisorsKeepTheirOwnUnitsShiftsAndLeave) {
  // The server runs on the real clock, and the rota reaches only so far from today.
  const core::Date today = core::SystemClock::Instance().Today();
  const core::Date day = today.AddDays(10);
  const std::string from = "&from=" + day.AddDays(-1).ToString();
  auto shift = [&](const std::string& unit, const std::string& user, core::Date on,
                   const std::string& start, const std::string& end) {
    return "unit=" + unit + "&user=" + user + "&date=" + on.ToString() + "&start=" + start +
           "&end=" + end + from;
  };
  const PageSession supervisor(*server_, "supervisor_n");
  const auto rota = supervisor.Get("/rota");
  ASSERT_EQ(rota.status, 200);
  EXPECT_TRUE(Has(rota, "Unit N1"));
  EXPECT_EQ(supervisor.Get("/rota?unit=S1").status, 403);
  EXPECT_EQ(
      supervisor.Post("/rota/shifts", shift("S1", "officer_s", day, "07%3A00", "17%3A00")).status,
      403);
  const auto other_unit =
      supervisor.Post("/rota/shifts", shift("N1", "officer_s", day, "07%3A00", "17%3A00"));
  EXPECT_EQ(other_unit.status, 422);
  EXPECT_TRUE(Has(other_unit, "Who: choose someone in unit N1"));
  const auto bad_time =
      supervisor.Post("/rota/shifts", shift("N1", "officer_n", day, "25%3A00", "17%3A00"));
  EXPECT_EQ(bad_time.status, 422);
  EXPECT_TRUE(Has(bad_time, "Starts: enter the time as HH:MM"));
  // Issue 12, class 1: a mistyped year is refused, not stored as a shift decades away.
  const auto far = supervisor.Post(
      "/rota/shifts", shift("N1", "officer_n", today.AddDays(400), "07%3A00", "17%3A00"));
  EXPECT_EQ(far.status, 422);
  EXPECT_TRUE(Has(far, "Date: enter a date from " + today.AddDays(-366).ToLongString() + " to " +
                           today.AddDays(366).ToLongString()))
      << far.body;
  // A night shift ends the next morning.
  ASSERT_EQ(
      supervisor.Post("/rota/shifts", shift("N1", "officer_n", day, "22%3A00", "07%3A00")).status,
      303);
  ASSERT_EQ(
      supervisor
          .Post("/rota/shifts", shift("N1", "officer_n", day.AddDays(2), "07%3A00", "17%3A00"))
          .status,
      303);
  const std::string week_url = "/rota?unit=N1" + from;
  const auto week = supervisor.Get(week_url);
  EXPECT_TRUE(Has(week, day.ToLongString() + ", 22:00 to 07:00 next day"));
  // Staff see their next shifts; the case page says when the officer in case is next in.
  const PageSession officer(*server_, "officer_n");
  EXPECT_TRUE(Has(officer.Get("/"), "Your next shifts: " + day.ToLongString() +
                                        " 22:00 to 07:00; " + day.AddDays(2).ToLongString() +
                                        " 07:00 to 17:00"));
  EXPECT_TRUE(
      Has(officer.Get("/cases/N%2F1%2F24"),
          "Officer in case officer_n (PC101): Next shifts: " + day.ToLongString() + " 22:00"));
  // Removing a shift.
  const std::string id = FirstDeleteId(week.body, "shifts");
  ASSERT_FALSE(id.empty());
  const PageSession admin(*server_, "admin");
  EXPECT_EQ(supervisor.Post("/rota/shifts/" + id + "/delete", "unit=S1").status, 403);
  const auto asked = supervisor.Post("/rota/shifts/" + id + "/delete", "unit=N1" + from);
  EXPECT_EQ(asked.status, 200) << "removing a shift asks first";
  EXPECT_NE(asked.body.find("Remove this shift?"), std::string::npos);
  EXPECT_EQ(FirstDeleteId(supervisor.Get(week_url).body, "shifts"), id)
      << "and removes nothing until told";
  ASSERT_EQ(supervisor.Post("/rota/shifts/" + id + "/delete", "unit=N1&confirm=yes" + from).status,
            303);
  EXPECT_FALSE(Has(supervisor.Get(week_url), day.ToLongString() + ", 22:00"));
  EXPECT_EQ(supervisor.Post("/rota/shifts/" + id + "/delete", "unit=N1&confirm=yes").status, 404)
      << "already gone";

  // Leave: recorded, shown on the case page and the rota, then cancelled.
  auto leave = [](core::Date first, core::Date last) {
    return "unit=N1&officer=PC101&starts_on=" + first.ToString() + "&ends_on=" + last.ToString();
  };
  const auto backwards = supervisor.Post("/rota/leave", leave(day, today));
  EXPECT_EQ(backwards.status, 422);
  EXPECT_TRUE(Has(backwards, "cannot be before the first day away"));
  const auto decades = supervisor.Post("/rota/leave", leave(today, today.AddDays(10 * 366)));
  EXPECT_EQ(decades.status, 422);
  EXPECT_TRUE(Has(decades, "Last day away: enter a date from")) << decades.body;
  const core::Date back = today.AddDays(-400);
  const core::Date until = today.AddDays(400);
  ASSERT_EQ(supervisor.Post("/rota/leave", leave(back, until) + "&reason=career+break").status,
            303);
  EXPECT_TRUE(Has(officer.Get("/cases/N%2F1%2F24"),
                  "Officer in case officer_n (PC101): On leave until " + until.ToDayMonthYear()));
  const auto with_leave = supervisor.Get("/rota?unit=N1");
  EXPECT_TRUE(Has(with_leave,
                  "On leave " + back.ToString() + " to " + until.ToString() + ": career break"));
  const std::string leave_id = FirstDeleteId(with_leave.body, "leave");
  ASSERT_FALSE(leave_id.empty());
  ASSERT_EQ(supervisor.Post("/rota/leave/" + leave_id + "/delete", "unit=N1&confirm=yes").status,
            303);
  EXPECT_FALSE(Has(officer.Get("/cases/N%2F1%2F24"), "On leave until"));
  const auto log = cf::testing::OpenTestAccounts(db_)->AuditLog("supervisor_n", "", 50);
  std::set<std::string> actions;
  for (const auto& e : log) actions.insert(e.action);
  for (const char* a : {"viewed_rota", "added_shift", "removed_shift", "added_leave",
                        "cancelled_leave", "denied_rota"}) {
    EXPECT_TRUE(actions.count(a)) << a;
  }
}

TEST_F(HttpApi, AdminsEditTemplatesWithAPreviewAndEveryVersionKept) {
  const PageSession officer(*server_, "officer_n");
  EXPECT_EQ(officer.Get("/admin/templates").status, 403);
  EXPECT_EQ(officer.Post("/admin/templates/arrest/en", "action=save&text=x").status, 403);
  const PageSession admin(*server_, "admin");
  const auto list = admin.Get("/admin/templates");
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(Has(list, "We have arrested someone"));
  const auto editor = admin.Get("/admin/templates/arrest/en");
  EXPECT_TRUE(Has(editor, "subject: We have arrested someone"));
  EXPECT_EQ(admin.Get("/admin/templates/arrest/fr").status, 404);
  const std::string text =
      "subject: We have arrested a person\nsms: About crime {{crime}}: we have arrested a "
      "person.\n---\n"
      "Your crime reference is {{crime}}. We have arrested a person.\n\nWe will call you soon.\n";
  auto encode = [](const std::string& s) {
    std::string out;
    for (const unsigned char c : s) {
      if (std::isalnum(c))
        out += static_cast<char>(c);
      else
        out += fmt::format("%{:02X}", c);
    }
    return out;
  };
  const auto preview =
      admin.Post("/admin/templates/arrest/en", "action=preview&text=" + encode(text));
  ASSERT_EQ(preview.status, 200);
  EXPECT_TRUE(
      Has(preview, "Your crime reference is 42&#x2F;12345&#x2F;24. We have arrested a person."));
  EXPECT_TRUE(Has(preview, "plain English"));
  const auto broken =
      admin.Post("/admin/templates/arrest/en",
                 "action=save&text=" + encode("subject: x\nsms: y\n---\n{{#vrr}}never closed\n"));
  EXPECT_EQ(broken.status, 422);
  EXPECT_TRUE(Has(broken, "section {{#vrr}} is not closed with {{&#x2F;vrr}}"));
  const auto bare_ampersand =
      admin.Post("/admin/templates/arrest/en",
                 "action=save&text=" + encode("subject: x\nsms: y\n---\nTom & Jerry\n"));
  EXPECT_EQ(bare_ampersand.status, 422);
  ASSERT_EQ(admin.Post("/admin/templates/arrest/en", "action=save&text=" + encode(text)).status,
            303);
  EXPECT_TRUE(Has(admin.Get("/admin/templates"), "Version 1"));
  EXPECT_TRUE(Has(admin.Get("/admin/templates/arrest/en"), "version 1 in use, saved by admin"));
  // Letters now use it.
  const auto check =
      officer.Post("/cases/N%2F1%2F24/messages/preview", "person=V1&template=arrest&channel=email");
  EXPECT_TRUE(Has(check, "We have arrested a person"));
  // The built-in text can be loaded back and saved as version 2.
  const auto builtin = admin.Get("/admin/templates/arrest/en?version=0");
  EXPECT_TRUE(Has(builtin, "subject: We have arrested someone"));
  const auto log = cf::testing::OpenTestAccounts(db_)->AuditLog("admin", "", 30);
  bool saved = false;
  for (const auto& e : log)
    saved |= e.action == "saved_template" && e.detail == "arrest en version 1";
  EXPECT_TRUE(saved);
}

TEST_F(HttpApi, AdminsChooseTheForcesSettingsAllOrNothing) {
  const PageSession supervisor(*server_, "supervisor_n");
  EXPECT_EQ(supervisor.Post("/admin/settings", "contacts_count=sent").status, 403);
  const PageSession admin(*server_, "admin");
  const auto page = admin.Get("/admin/settings");
  EXPECT_TRUE(Has(page, "value=\"delivered\" checked"))
      << "the default: only delivered messages count";
  const auto bad =
      admin.Post("/admin/settings", "force_name=Westshire+Police&contacts_count=never");
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(Has(
      bad,
      "When a message counts as telling the person: &quot;never&quot; is not delivered or sent"));
  EXPECT_EQ(cf::testing::OpenTestStore(db_)->Setting("force_name"), std::nullopt)
      << "nothing saved from a bad form";
  ASSERT_EQ(admin.Post("/admin/settings", "force_name=Westshire+Police&contacts_count=sent").status,
            303);
  {
    auto store = cf::testing::OpenTestStore(db_);
    EXPECT_EQ(store->Setting("force_name"), "Westshire Police");
    EXPECT_EQ(store->Setting("contacts_count"), "sent");
    store->SetSetting("contacts_count", "delivered");
  }
  EXPECT_TRUE(Has(admin.Get("/admin/audit?user=admin"), "contacts_count = sent"));
}

TEST_F(HttpApi, AdminsSearchTheAuditLogAndThatIsAuditedToo) {
  const PageSession officer(*server_, "officer_n");
  ASSERT_EQ(officer.Get("/cases/N%2F1%2F24").status, 200);
  EXPECT_EQ(officer.Get("/admin/audit").status, 403);
  const PageSession admin(*server_, "admin");
  const auto page = admin.Get("/admin/audit?user=officer_n&crime=N%2F1%2F24");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Has(page, "viewed_case"));
  EXPECT_FALSE(Has(page, ">officer_s<"));
  const auto log = cf::testing::OpenTestAccounts(db_)->AuditLog("admin", "", 1);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].action, "searched_audit");
}

TEST_F(HttpApi, TheAuditLogPagesByFiftyInLondonTimeWithPlainWordsAndACsv) {
  const PageSession officer(*server_, "officer_n");
  for (int i = 0; i < 55; ++i) ASSERT_EQ(officer.Get("/cases/N%2F1%2F24").status, 200);
  const PageSession admin(*server_, "admin");
  const auto first = admin.Get("/admin/audit?user=officer_n&crime=N%2F1%2F24");
  ASSERT_EQ(first.status, 200);
  EXPECT_TRUE(Has(first, "Showing 1 to 50 of 55")) << first.body;
  EXPECT_TRUE(Has(first, ">Viewed case<")) << "the action in words";
  EXPECT_FALSE(Has(first, "Z</td>")) << "no RFC 3339 instants on the page";
  EXPECT_TRUE(Has(first, "page=2")) << "a link to the next page";
  const auto second = admin.Get("/admin/audit?user=officer_n&crime=N%2F1%2F24&page=2");
  EXPECT_TRUE(Has(second, "Showing 51 to 55 of 55"));

  const auto csv = admin.Get("/admin/audit.csv?user=officer_n&crime=N%2F1%2F24");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.content_type.find("text/csv"), std::string::npos);
  EXPECT_NE(csv.headers.find("attachment"), std::string::npos);
  size_t lines = 0;
  for (const char c : csv.body) lines += c == '\n' ? 1 : 0;
  EXPECT_EQ(lines, 56u) << "a header and every one of the 55 records, not a page of them";
  EXPECT_TRUE(Has(csv, "Viewed case,viewed_case,N/1/24"));

  // From and To are London dates: in summer, 23:30 UTC on Sun 31 May 2026 is already Mon 1 June.
  {
    auto accounts = cf::testing::OpenTestAccounts(db_);
    accounts->Audit({"2026-05-31T22:59:59Z", "officer_s", "viewed_case", "S-1", "", "", ""});
    accounts->Audit({"2026-05-31T23:30:00Z", "officer_s", "viewed_case", "S-2", "", "", ""});
    accounts->Audit({"2026-06-01T22:59:59Z", "officer_s", "viewed_case", "S-3", "", "", ""});
    accounts->Audit({"2026-06-01T23:00:00Z", "officer_s", "viewed_case", "S-4", "", "", ""});
  }
  const auto june = admin.Get("/admin/audit?user=officer_s&from=2026-06-01&to=2026-06-01");
  EXPECT_TRUE(Has(june, "Showing 1 to 2 of 2")) << june.body;
  EXPECT_TRUE(Has(june, ">S-2<") && Has(june, ">S-3<")) << "00:30 and 23:59:59 on 1 June in London";
  EXPECT_TRUE(Has(june, "Mon 1 Jun 2026 00:30"));

  const auto bad = admin.Get("/admin/audit?from=2026-02-30");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(Has(bad, "href=\"#audit-from\"")) << "the summary links to the field";
  EXPECT_TRUE(Has(bad, "From must be a real date"));
  const auto backwards = admin.Get("/admin/audit?from=2026-02-03&to=2026-02-01");
  EXPECT_TRUE(Has(backwards, "To must be on or after From"));
  EXPECT_EQ(admin.Get("/admin/audit.csv?to=yesterday").status, 400);
  EXPECT_EQ(officer.Get("/admin/audit.csv").status, 403);
}

}  // namespace
}  // namespace cf
