#include "lib/flags/named_flag_sets.h"

#include <gtest/gtest.h>
