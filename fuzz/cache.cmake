# Initial cache for the fuzzing build (fuzz/run uses it):
#   cmake -C fuzz/cache.cmake -S . -B build-fuzz -G Ninja
# Everything (our libraries, the generated model, the targets) is compiled with
# coverage instrumentation for libFuzzer plus ASan and UBSan; UB aborts, so the
# fuzzer records it as a crash.
set(CMAKE_CXX_COMPILER clang++ CACHE STRING "")
set(CMAKE_BUILD_TYPE Fuzz CACHE STRING "")
set(CMAKE_CXX_FLAGS_FUZZ "-O1 -g -fno-omit-frame-pointer" CACHE STRING "")
set(CMAKE_CXX_FLAGS
    "-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
    CACHE STRING "")
set(CMAKE_EXE_LINKER_FLAGS "-fsanitize=address,undefined" CACHE STRING "")
set(KUBECXX_FUZZ ON CACHE BOOL "")
