// kubecxx: the project's own command-line tool (not an upstream binary).
// Subcommands: codec.
#include <iostream>
#include <string>
#include <vector>

#include "tools/kubecxx/codec_command.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    std::cout << "Usage: kubecxx <command> [flags]\n\nCommands:\n"
                 "  codec   convert an API object between JSON, YAML and protobuf\n";
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "codec") {
    args.erase(args.begin());
    return kubecxx::tools::RunCodecCommand(args, std::cin, std::cout, std::cerr);
  }
  std::cerr << "error: unknown command \"" << args[0] << "\" for \"kubecxx\"\n";
  return 2;
}
