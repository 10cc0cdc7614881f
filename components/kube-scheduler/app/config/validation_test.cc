#include "components/kube-scheduler/app/config/validation.h"

#include <gtest/gtest.h>
