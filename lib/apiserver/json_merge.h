// The JSON tree PATCH works on now lives in lib/patch/json_value.h; these names keep the
// apiserver's uses unchanged.
#pragma once

#include "lib/patch/json_value.h"

namespace kubecxx::apiserver {

using patch::JsonValue;
using patch::MergePatch;
using patch::ParseJson;
using patch::SerializeJson;
using patch::StrategicPatchIsPlainMerge;

}  // namespace kubecxx::apiserver
