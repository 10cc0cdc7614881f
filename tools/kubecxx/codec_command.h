// `kubecxx codec`: converts one API object (or list) between JSON, YAML and
// protobuf, the way stock components would write it. Used to check our codecs
// against stock output from the command line.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace kubecxx::tools {

// Reads stdin-like `in`, writes the converted object to `out` and problems to
// `err`. Returns the process exit code (0 ok, 1 bad input, 2 bad usage).
int RunCodecCommand(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                    std::ostream& err);

}  // namespace kubecxx::tools
