#include "components/kube-scheduler/app/config/decode.h"

#include <gtest/gtest.h>

namespace kubecxx::scheduler::config {
namespace {
TEST(DecodeTest, Placeholder) { EXPECT_TRUE(DecodeConfig("kind: x").status().ok() == false); }
}  // namespace
}  // namespace kubecxx::scheduler::config
