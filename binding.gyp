{
  # The same addon as CMakeLists.txt builds under cmake-js, with the same
  # result-deciding flags: C++17, -O3, no FMA contraction.
  "variables": {
    # Warnings are errors only in the project's own builds (CI, developers):
    # KAIMING_WERROR=1 or `npm --kaiming_werror=1 ...`; never in the compile a
    # user's `npm install` runs, where a newer compiler's new warning must not
    # break the install.
    "kaiming_werror%": "<!(node -p \"/^(1|true)$/.test(process.env.KAIMING_WERROR || process.env.npm_config_kaiming_werror || '') ? 1 : 0\")",
    # The prebuilt binaries (.ci/prebuild.sh sets KAIMING_PREBUILD=1) link
    # libstdc++ and libgcc statically and keep their symbols local, so they
    # load beside any system libstdc++; a build from source links them as
    # usual (a static libstdc++ is a separate package on some distributions).
    "kaiming_prebuild%": "<!(node -p \"process.env.KAIMING_PREBUILD === '1' ? 1 : 0\")"
  },
  "target_defaults": {
    "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++1y", "-std=gnu++14"],
    "cflags_cc": ["-std=c++17", "-O3", "-ffp-contract=off", "-fno-fast-math", "-fno-math-errno", "-fexceptions", "-Wall", "-Wextra"],
    "cflags!": ["-O2"],
    "include_dirs": ["native/kernel"],
    "conditions": [
      ["kaiming_werror==1", { "cflags_cc": ["-Werror"] }],
      # arm64 Linux: the ARMv8-A baseline, whatever the compiler's default, so
      # the binary runs on every 64-bit Arm CPU.
      ["OS=='linux' and target_arch=='arm64'", { "cflags_cc": ["-march=armv8-a"] }]
    ],
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
        "native/kernel/dtype_grid.cc",
        "native/kernel/fill.cc",
        "native/kernel/fill_dispatch.cc",
        "native/kernel/fill_path_baseline.cc",
        "native/kernel/fill_validate.cc",
        "native/kernel/orthogonal.cc",
        "native/kernel/thread_pool.cc",
        "native/kernel/torch_path_baseline.cc",
        "native/kernel/torch_transforms.cc",
        "native/kernel/truncated_normal.cc",
        "native/kernel/truncated_normal_survival.cc"
      ]
    },
    {
      # The hot loops again for AVX2 and AVX-512 (gyp sets flags per target,
      # not per file); fill_dispatch.cc chooses at run time.
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
      "conditions": [
        ["kaiming_prebuild==1 and OS=='linux'", {
          # glibc_compat.cc keeps the glibc these binaries need low (README,
          # "Installing"; .ci/glibc-floor.sh checks it): --wrap sends each
          # newer symbol to its replacement there.
          "sources": ["native/binding/glibc_compat.cc"],
          # Only the Node-API entry points are exported (NAPI_MODULE_EXPORT).
          "cflags_cc": ["-fvisibility=hidden", "-fvisibility-inlines-hidden"],
          "ldflags": [
            "-static-libstdc++", "-static-libgcc", "-Wl,--exclude-libs,ALL",
            "-Wl,--wrap=pthread_create,--wrap=pthread_join,--wrap=pthread_detach,--wrap=pthread_once",
            "-Wl,--wrap=pthread_key_create,--wrap=__pthread_key_create,--wrap=pthread_key_delete",
            "-Wl,--wrap=pthread_getspecific,--wrap=pthread_setspecific,--wrap=pthread_sigmask,--wrap=_dl_find_object,--wrap=arc4random,--wrap=getentropy,--wrap=exp,--wrap=log,--wrap=expf,--wrap=logf"
          ]
        }]
      ],
      "sources": [
        "native/binding/addon.cc",
        "native/binding/arguments.cc",
        "native/binding/in_flight.cc",
        "native/binding/messages.cc",
        "native/binding/torch_stream.cc",
        "native/binding/workers.cc"
      ],
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
