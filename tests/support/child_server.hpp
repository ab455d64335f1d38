#pragma once
// A loopback server for the length of a test: /usr/bin/python3 running a script of
// tests/support with arguments, ready once it has written DIR/ready; stopped with SIGTERM.
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace cf {

// A loopback port nothing listens on now: the kernel's choice, so that tests running side by
// side (ctest -j) do not pick the same one.
inline int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = 0;
  if (fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  if (fd >= 0) close(fd);
  return port;
}

class ChildServer {
 public:
  ChildServer(const std::string& script, std::vector<std::string> args, const std::string& dir) {
    std::filesystem::remove_all(dir);
    args.insert(args.begin(), {"python3", std::string(CF_TESTS_DIR) + "/support/" + script});
    pid_ = fork();
    if (pid_ == 0) {
      if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0) _exit(125);  // dies with a crashed test
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv("/usr/bin/python3", argv.data());
      _exit(127);
    }
    // Up to 30 s (a loaded machine starting Python), and a test without its server fails
    // saying so rather than at its first request.
    for (int i = 0; i < 600 && !std::filesystem::exists(dir + "/ready"); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!std::filesystem::exists(dir + "/ready")) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
      throw std::runtime_error(script + " did not start within 30 s");
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
