#pragma once
// The citizenfocus command line: parses arguments, runs one subcommand, and turns every
// failure into a message and an exit status (0 ok, 1 some cases failed, 2 usage, 3 invalid
// input). The one boundary where exceptions are caught.

namespace cf::cli {

int Run(int argc, char** argv);

}  // namespace cf::cli
