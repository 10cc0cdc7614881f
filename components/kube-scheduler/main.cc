// kube-scheduler: see components/kube-scheduler/app/server.h for what runs (and what does
// not yet: the scheduling loop).
#include <string>
#include <vector>

#include "components/kube-scheduler/app/server.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return kubecxx::scheduler::RunSchedulerCommand(args);
}
