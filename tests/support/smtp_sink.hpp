#pragma once
// A real SMTP server on loopback (aiosmtpd, tests/support/smtp_sink.py) for a test's lifetime:
// each message it accepts is stored as DIR/<Message-ID>.eml, repeats of a Message-ID counted.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "support/child_server.hpp"

namespace cf {

class SmtpSink {
 public:
  SmtpSink(int port, std::string dir)
      : port_(port),
        dir_(std::move(dir)),
        server_("smtp_sink.py", {std::to_string(port), dir_}, dir_) {}
  ~SmtpSink() { std::filesystem::remove_all(dir_); }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  size_t Stored() const {
    size_t n = 0;
    for (const auto& f : std::filesystem::directory_iterator(dir_))
      n += f.path().extension() == ".eml";
    return n;
  }
  int Repeats() const {
    std::ifstream in(dir_ + "/repeats.txt");
    int n = 0;
    in >> n;
    return n;
  }
  std::string Read(const std::string& key) const {
    std::ifstream in(dir_ + "/" + key + "@citizenfocus.eml");
    return {std::istreambuf_iterator<char>(in), {}};
  }

 private:
  int port_;
  std::string dir_;
  ChildServer server_;
};

}  // namespace cf
