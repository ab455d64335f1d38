#pragma once
// A loopback server for the length of a test: /usr/bin/python3 running a script of
// tests/support with arguments, ready once it has written DIR/ready; stopped with SIGTERM.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace cf {

class ChildServer {
 public:
  ChildServer(const std::string& script, std::vector<std::string> args, const std::string& dir) {
    std::filesystem::remove_all(dir);
    args.insert(args.begin(), {"python3", std::string(CF_TESTS_DIR) + "/support/" + script});
    pid_ = fork();
    if (pid_ == 0) {
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv("/usr/bin/python3", argv.data());
      _exit(127);
    }
    for (int i = 0; i < 100 && !std::filesystem::exists(dir + "/ready"); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~ChildServer() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  ChildServer(const ChildServer&) = delete;
  ChildServer& operator=(const ChildServer&) = delete;

 private:
  pid_t pid_;
};

}  // namespace cf
