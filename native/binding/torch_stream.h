// The torch stream's functions (torch_stream.cc), registered on the addon's exports.
#pragma once

#include <napi.h>

namespace kaiming_binding {
void register_torch_stream(Napi::Env env, Napi::Object exports);
}
