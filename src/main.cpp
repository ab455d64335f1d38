// The composition root: everything is wired in cli::Run.
#include "cli/cli.hpp"

int main(int argc, char** argv) { return cf::cli::Run(argc, argv); }
