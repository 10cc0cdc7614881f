#include "components/kube-scheduler/app/config/defaults.h"

#include <gtest/gtest.h>
