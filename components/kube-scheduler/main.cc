// kube-scheduler: see components/kube-scheduler/app/server.h and app/run.h for what runs.
#include <string>
#include <vector>

#include "components/kube-scheduler/app/server.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return kubecxx::scheduler::RunSchedulerCommand(args);
}
