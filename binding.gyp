{
  # The same addon as CMakeLists.txt builds under cmake-js, with the same
  # result-deciding flags: C++17, -O3, no FMA contraction, warnings as errors.
  "target_defaults": {
    "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++1y", "-std=gnu++14"],
    "cflags_cc": ["-std=c++17", "-O3", "-ffp-contract=off", "-fno-fast-math", "-fno-math-errno", "-fexceptions", "-Wall", "-Wextra", "-Werror"],
    "cflags!": ["-O2"],
    "include_dirs": ["native/kernel"],
    "xcode_settings": {
      "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
      "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
      "OTHER_CPLUSPLUSFLAGS": ["-O3", "-ffp-contract=off"]
    }
  },
  "targets": [
    {
      "target_name": "kaiming_kernel",
      "type": "static_library",
      "conditions": [
        ["target_arch=='x64'", { "dependencies": ["kaiming_avx2", "kaiming_avx512", "kaiming_torch_fma"] }]
      ],
      "sources": [
        "native/kernel/block_allocator.cc",
        "native/kernel/fill.cc",
        "native/kernel/fill_path_baseline.cc",
        "native/kernel/orthogonal.cc",
        "native/kernel/thread_pool.cc",
        "native/kernel/torch_path_baseline.cc",
        "native/kernel/torch_transforms.cc",
        "native/kernel/truncated_normal.cc"
      ]
    },
    {
      # The hot loops again for AVX2 and AVX-512 (gyp sets flags per target,
      # not per file); fill.cc chooses at run time.
      "target_name": "kaiming_avx2",
      "type": "static_library",
      "sources": ["native/kernel/fill_path_avx2.cc"],
      # Elsewhere (arm64) the file compiles to nothing and these flags do not exist.
      "conditions": [["target_arch=='x64'", { "cflags_cc": ["-mavx2", "-mf16c"] }]]
    },
    {
      "target_name": "kaiming_avx512",
      "type": "static_library",
      "sources": ["native/kernel/fill_path_avx512.cc"],
      "conditions": [["target_arch=='x64'", { "cflags_cc": ["-mavx512f", "-mavx512bw", "-mavx512dq", "-mavx512vl", "-mf16c"] }]]
    },
    {
      # The torch stream's fused multiply-adds as vfmadd (torch_transforms.cc checks for AVX2 and FMA).
      "target_name": "kaiming_torch_fma",
      "type": "static_library",
      "sources": ["native/kernel/torch_path_fma.cc"],
      "conditions": [["target_arch=='x64'", { "cflags_cc": ["-mavx2", "-mfma"] }]]
    },
    {
      "target_name": "kaiming",
      "dependencies": ["kaiming_kernel"],
      "sources": ["native/binding/addon.cc", "native/binding/torch_stream.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": [
        "NAPI_VERSION=8",
        "NAPI_CPP_EXCEPTIONS",
        "NODE_ADDON_API_DISABLE_DEPRECATED",
        "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"
      ]
    }
  ]
}
